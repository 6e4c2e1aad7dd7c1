import { answerWithin, STORE_ANSWER_DEADLINE_MS } from './answer-within';

interface Slot {
  /** Settles when the read on its way ends, whatever its outcome. */
  readonly ended: Promise<void>;
  /** The read that starts when this one ends, shared by every call that came meanwhile. */
  next?: Promise<unknown>;
}

/**
 * Reads of one key by concurrent callers, made once for all of them and never stale. A call does not
 * join a read already on its way: that read may have started before the call, before a write the
 * caller has seen succeed (a revocation answered 200, a PIN lock). It waits for the next read of the
 * key, which starts when the one on its way ends, and shares it with every call that came meanwhile.
 * So each call gets a read that started after the call did, as if it had made its own, while a burst
 * of signings with one seal reads that seal once per round trip instead of once per signing. An idle
 * key is read at once.
 *
 * Callers share the value: it is frozen (its top level; our modules are strict, so a caller that would
 * change it throws instead of changing another caller's view). A read not answered within
 * STORE_ANSWER_DEADLINE_MS fails with DEPENDENCY_UNAVAILABLE, so the calls waiting for the next read
 * of the key are not held for ever by one hung command.
 */
export class SharedReads {
  readonly #slots = new Map<string, Slot>();

  constructor(private readonly deadlineMs = STORE_ANSWER_DEADLINE_MS) {}

  read<V>(key: string, load: () => Promise<V>): Promise<V> {
    const current = this.#slots.get(key);
    if (current === undefined) return this.#begin(key, load);
    current.next ??= current.ended.then(() => this.#begin(key, load));
    return current.next as Promise<V>;
  }

  #begin<V>(key: string, load: () => Promise<V>): Promise<V> {
    const result = answerWithin(started(load), this.deadlineMs).then(freeze);
    const slot: Slot = { ended: result.then(noop, noop) };
    this.#slots.set(key, slot);
    // Runs before the callback that begins `next` (registered later on the same promise).
    void slot.ended.then(() => {
      if (this.#slots.get(key) === slot && slot.next === undefined) this.#slots.delete(key);
    });
    return result;
  }
}

/** A load that throws instead of returning a rejected promise must not leave the key's slot behind. */
function started<V>(load: () => Promise<V>): Promise<V> {
  try {
    return load();
  } catch (error) {
    return Promise.reject(error);
  }
}

function freeze<V>(value: V): V {
  // Typed arrays cannot be frozen; a shared document holds its bytes a level down, where nothing is frozen.
  return typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) ? Object.freeze(value) : value;
}

function noop(): void {}
