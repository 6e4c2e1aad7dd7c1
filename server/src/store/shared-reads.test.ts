import { SharedReads } from './shared-reads';

/** A read the test answers by hand, to pin down which call gets which read. */
function manualLoads() {
  const started: Array<{ resolve(v: unknown): void; reject(e: unknown): void }> = [];
  const load = () =>
    new Promise<unknown>((resolve, reject) => {
      started.push({ resolve, reject });
    });
  return { started, load };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('SharedReads', () => {
  it('reads an idle key at once', async () => {
    const reads = new SharedReads();
    const { started, load } = manualLoads();
    const value = reads.read('seal-1', load);
    expect(started).toHaveLength(1);
    started[0]!.resolve({ status: 'ACTIVE' });
    await expect(value).resolves.toEqual({ status: 'ACTIVE' });
  });

  it('never hands a call a read that started before it: calls during a read share the next one', async () => {
    const reads = new SharedReads();
    const { started, load } = manualLoads();
    const first = reads.read('seal-1', load);
    const second = reads.read('seal-1', load);
    const third = reads.read('seal-1', load);
    expect(started).toHaveLength(1); // the next read waits for the one on its way

    started[0]!.resolve({ status: 'ACTIVE' }); // read before, say, a revocation the later callers saw answered
    await settle();
    expect(started).toHaveLength(2);
    started[1]!.resolve({ status: 'REVOKED' });

    await expect(first).resolves.toEqual({ status: 'ACTIVE' });
    await expect(second).resolves.toEqual({ status: 'REVOKED' });
    expect(await third).toBe(await second);
  });

  it('gives a failed read to each call that shared it, and reads anew for the next call', async () => {
    const reads = new SharedReads();
    const { started, load } = manualLoads();
    const first = reads.read('seal-1', load);
    const joined = [reads.read('seal-1', load), reads.read('seal-1', load)];
    started[0]!.resolve(1);
    await settle();
    started[1]!.reject(new Error('store down'));
    await expect(first).resolves.toBe(1);
    for (const call of joined) await expect(call).rejects.toThrow('store down');

    const later = reads.read('seal-1', load);
    expect(started).toHaveLength(3);
    started[2]!.resolve(2);
    await expect(later).resolves.toBe(2);
  });

  it('keeps keys apart', async () => {
    const reads = new SharedReads();
    const { started, load } = manualLoads();
    const a = reads.read('seal-a', load);
    const b = reads.read('seal-b', load);
    expect(started).toHaveLength(2);
    started[0]!.resolve('a');
    started[1]!.resolve('b');
    expect([await a, await b]).toEqual(['a', 'b']);
  });

  it('fails a read the store does not answer in time with 503, and starts the next one', async () => {
    const reads = new SharedReads(50);
    const { started, load } = manualLoads();
    const hung = reads.read('seal-1', load); // never answered
    const next = reads.read('seal-1', load);
    const [outcome] = await Promise.allSettled([hung]);
    expect(outcome.status === 'rejected' && (outcome.reason as { code?: string }).code).toBe('DEPENDENCY_UNAVAILABLE');
    await settle();
    expect(started).toHaveLength(2);
    started[1]!.resolve('answered');
    await expect(next).resolves.toBe('answered');
  });

  it('does not keep a key behind a load that throws instead of rejecting', async () => {
    const reads = new SharedReads();
    const { started, load } = manualLoads();
    const first = reads.read('seal-1', load);
    const throwing = reads.read('seal-1', () => {
      throw new Error('connection force closed');
    });
    started[0]!.resolve(1);
    await expect(first).resolves.toBe(1);
    await expect(throwing).rejects.toThrow('connection force closed');
    await expect(reads.read('seal-1', async () => 2)).resolves.toBe(2);
  });

  it('freezes a shared value, so no caller changes what another sees', async () => {
    const reads = new SharedReads();
    const value = await reads.read('seal-1', async () => ({ failures: 0 }));
    expect(Object.isFrozen(value)).toBe(true);
    expect(await reads.read('seal-1', async () => null)).toBeNull();
    // Bytes cannot be frozen; they are handed on as they are.
    expect(await reads.read('seal-2', async () => new Uint8Array([1, 2]))).toEqual(new Uint8Array([1, 2]));
  });
});
