// A verification thread that fails while loading, as one does when the machine cannot give it memory
// or its code is missing: the pool's "threads cannot start" path. (A tiny heap limit used to provoke
// this, but Node 24 aborts the whole process when a worker runs out of heap while starting.)
throw new Error('this verification thread cannot start');
