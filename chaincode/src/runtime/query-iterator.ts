import type { Iterators } from 'fabric-shim-api';

/**
 * The shim's iterator contract: next()/close(), usable with for-await, and returned as a promise that is
 * also async-iterable (so both `await stub.getStateByRange(...)` and `for await (... of stub.getStateByRange(...))` work).
 */
export class ArrayIterator<T> implements Iterators.CommonIterator<T> {
  private index = 0;
  private closed = false;

  constructor(private readonly items: readonly T[]) {}

  async next(): Promise<Iterators.NextResult<T>> {
    if (this.closed || this.index >= this.items.length) return { value: undefined as unknown as T, done: true };
    return { value: this.items[this.index++]!, done: false };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    try {
      for (let r = await this.next(); !r.done; r = await this.next()) yield r.value;
    } finally {
      await this.close();
    }
  }
}

export function iterable<I extends AsyncIterable<T>, T>(iterator: I): Promise<I> & AsyncIterable<T> {
  const promise = Promise.resolve(iterator) as unknown as Promise<I> & AsyncIterable<T>;
  promise[Symbol.asyncIterator] = () => iterator[Symbol.asyncIterator]();
  return promise;
}

export function iterableResponse<I extends AsyncIterable<T>, T, R extends { iterator: I }>(response: R): Promise<R> & AsyncIterable<T> {
  const promise = Promise.resolve(response) as unknown as Promise<R> & AsyncIterable<T>;
  promise[Symbol.asyncIterator] = () => response.iterator[Symbol.asyncIterator]();
  return promise;
}
