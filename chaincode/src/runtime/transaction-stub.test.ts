import { TransactionStub } from './transaction-stub';
import { WorldState } from './world-state';
import { compareKeys } from './key-order';
import { createCompositeKey, splitCompositeKey } from './composite-key';

function stubOver(state: WorldState, txId = 'tx1') {
  return new TransactionStub({
    state,
    txId,
    timestamp: { seconds: 1_767_225_600, nanos: 123_000_000 },
    channelId: 'ch',
    chaincodeName: 'cc',
    fcn: 'F',
    params: ['a'],
    creator: { mspid: 'MakerMSP', idBytes: Buffer.from('id') },
  });
}
const bytes = (s: string) => Buffer.from(s);
const text = (b: Uint8Array) => Buffer.from(b).toString();

describe('TransactionStub', () => {
  it('does not let a transaction read its own writes', async () => {
    const state = new WorldState();
    state.apply([{ key: 'k', value: bytes('old') }], 'tx0', { seconds: 1, nanos: 0 });
    const stub = stubOver(state);
    await stub.putState('k', bytes('new'));
    await stub.putState('fresh', bytes('v'));
    expect(text(await stub.getState('k'))).toBe('old');
    expect((await stub.getState('fresh')).length).toBe(0);
    expect(stub.writeSet().map((w) => [w.key, text(w.value!)])).toEqual([
      ['fresh', 'v'],
      ['k', 'new'],
    ]);
  });

  it('keeps only the last event of a transaction, as Fabric does', () => {
    const stub = stubOver(new WorldState());
    stub.setEvent('First', bytes('1'));
    stub.setEvent('Second', bytes('2'));
    expect(stub.chaincodeEvent()).toEqual({ name: 'Second', payload: bytes('2') });
  });

  it('gives the transaction timestamp and id', () => {
    const stub = stubOver(new WorldState(), 'abc');
    expect(stub.getTxID()).toBe('abc');
    expect(stub.getTxTimestamp().seconds.toNumber()).toBe(1_767_225_600);
    expect(stub.getDateTimestamp().toISOString()).toBe('2026-01-01T00:00:00.123Z');
  });

  it('scans composite keys by partial key and pages with a next-key bookmark', async () => {
    const state = new WorldState();
    const writes = ['u1', 'u2'].flatMap((u) =>
      ['s3', 's1', 's2'].map((s) => ({ key: createCompositeKey('unit~seal', [u, s]), value: bytes(`${u}/${s}`) })),
    );
    state.apply([...writes, { key: 'plain', value: bytes('p') }], 'tx0', { seconds: 1, nanos: 0 });
    const stub = stubOver(state);
    const all: string[] = [];
    for await (const kv of stub.getStateByPartialCompositeKey('unit~seal', ['u1'])) all.push(text(kv.value));
    expect(all).toEqual(['u1/s1', 'u1/s2', 'u1/s3']);

    const first = await stub.getStateByPartialCompositeKeyWithPagination('unit~seal', [], 4);
    expect(first.metadata).toEqual({ fetchedRecordsCount: 4, bookmark: createCompositeKey('unit~seal', ['u2', 's2']) });
    const second = await stub.getStateByPartialCompositeKeyWithPagination('unit~seal', [], 4, first.metadata.bookmark);
    const rest: string[] = [];
    for (let r = await second.iterator.next(); !r.done; r = await second.iterator.next()) rest.push(text(r.value.value));
    expect(rest).toEqual(['u2/s2', 'u2/s3']);
    expect(second.metadata.bookmark).toBe('');

    const simple: string[] = [];
    for await (const kv of stub.getStateByRange('', '')) simple.push(kv.key);
    expect(simple).toEqual(['plain']);
    expect(() => stub.getStateByRange(createCompositeKey('unit~seal', []), '')).toThrow(/simple keys/);
  });

  it('returns history newest first, including deletes', async () => {
    const state = new WorldState();
    state.apply([{ key: 'k', value: bytes('1') }], 'tx1', { seconds: 1, nanos: 0 });
    state.apply([{ key: 'k', value: bytes('2') }], 'tx2', { seconds: 2, nanos: 0 });
    state.apply([{ key: 'k', value: null }], 'tx3', { seconds: 3, nanos: 0 });
    const mods = [];
    for await (const m of stubOver(state).getHistoryForKey('k')) mods.push([m.txId, m.isDelete, text(m.value)]);
    expect(mods).toEqual([
      ['tx3', true, ''],
      ['tx2', false, '2'],
      ['tx1', false, '1'],
    ]);
    expect(state.get('k')).toBeUndefined();
  });

  it('refuses empty keys and values and the features a LevelDB peer lacks', async () => {
    const stub = stubOver(new WorldState());
    await expect(stub.putState('', bytes('v'))).rejects.toThrow();
    await expect(stub.putState('k', new Uint8Array(0))).rejects.toThrow();
    expect(() => stub.getQueryResult()).toThrow(/CouchDB/);
    await expect(stub.getPrivateData()).rejects.toThrow(/private data/);
  });
});

describe('key order and composite keys', () => {
  it('orders by UTF-8 bytes like LevelDB, not UTF-16 code units', () => {
    const astral = '\u{1F600}'; // surrogate pair in UTF-16, 4 bytes in UTF-8 (F0 ...)
    const highBmp = '\uFF10'; // EF BC 90 in UTF-8
    expect(highBmp < astral).toBe(false); // JavaScript's order
    expect(compareKeys(highBmp, astral)).toBeLessThan(0); // LevelDB's order
  });

  it('round-trips composite keys and rejects separator characters', () => {
    const key = createCompositeKey('unit~seal', ['U', 'S']);
    expect(key).toBe('\u0000unit~seal\u0000U\u0000S\u0000');
    expect(splitCompositeKey(key)).toEqual({ objectType: 'unit~seal', attributes: ['U', 'S'] });
    expect(() => createCompositeKey('t', ['a\u0000b'])).toThrow();
  });
});
