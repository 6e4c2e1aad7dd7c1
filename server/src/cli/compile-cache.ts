import { enableCompileCache } from 'node:module';

// Imported first by main.ts, before any other module of ours loads: Node keeps the compiled code of
// every module it loads from here on in its on-disk compile cache (the directory NODE_COMPILE_CACHE
// names, else one under the system temp folder), so the next `seal` start skips compiling them.
// NODE_DISABLE_COMPILE_CACHE=1 turns it off; a cache that cannot be written only costs the saving.
enableCompileCache();
