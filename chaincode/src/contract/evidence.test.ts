import { createHash } from 'node:crypto';
import { batchRoot } from './batch-root';
import { MAX_BATCH_ENTRIES } from './evidence';
import { KEY_TYPES } from './keys';
import type { AnchorEntry, AnchorResult, BatchRecord, SignatureRecord } from './model';
import { ContractHarness, failure, hex, sealInput } from '../__tests__/harness';
import { createCompositeKey } from '../runtime/composite-key';

const entry = (n: number, sealId: string, signedAt: string): AnchorEntry => ({
  recordId: `rec-${n}`,
  sealId,
  signedAt,
  signatureSm3: hex(`sig-${n}`),
  documentSm3: hex(`doc-${n}`),
});
// The root the worker would build; an empty batch has none (and is refused before any root is checked).
const batch = (batchId: string, entries: AnchorEntry[], root = entries.length > 0 ? batchRoot(entries) : hex('no entries')) => ({
  batchId,
  root,
  entries,
});

/** S-1 issued 2026-01-10, valid 2026-01-01..2027-01-01, revoked 2026-03-01. S-2 issued 2026-01-10 and live. */
async function timelineHarness(): Promise<ContractHarness> {
  const h = new ContractHarness();
  await h.submit('IssueSeal', [sealInput('S-1')], { at: '2026-01-10T00:00:00.000Z' });
  await h.submit('IssueSeal', [sealInput('S-2')], { at: '2026-01-10T00:00:00.000Z' });
  await h.submit('RevokeSeal', [{ sealId: 'S-1', reason: 'KEY_LEAKED' }], { at: '2026-03-01T00:00:00.000Z' });
  return h;
}

const LATER = { at: '2026-04-01T00:00:00.000Z' };

describe('AnchorBatch', () => {
  it('stores the batch record and its entries under two keys in one transaction and emits BatchAnchored', async () => {
    const h = await timelineHarness();
    // Signed by S-1 before its revocation: still provable after it.
    const entries = [entry(1, 'S-1', '2026-02-01T00:00:00.000Z'), entry(2, 'S-2', '2026-03-15T12:00:00.000Z')];
    const { result, event, txId, writeSet } = await h.submit<AnchorResult>('AnchorBatch', [batch('b-1', entries)], LATER);
    expect(result.created).toBe(true);
    expect(result.batch).toMatchObject({
      batchId: 'b-1',
      root: batchRoot(entries),
      entryCount: 2,
      anchoredBy: 'MakerMSP',
      txId,
      anchoredAt: '2026-04-01T00:00:00.000Z',
    });
    expect(event?.name).toBe('BatchAnchored');
    expect(JSON.parse(Buffer.from(event!.payload).toString())).toEqual({
      batchId: 'b-1',
      root: batchRoot(entries),
      entryCount: 2,
      at: '2026-04-01T00:00:00.000Z',
    });

    const entriesKey = createCompositeKey(KEY_TYPES.batchEntries, ['b-1']);
    expect(writeSet.map((w) => w.key).sort()).toEqual([createCompositeKey(KEY_TYPES.batch, ['b-1']), entriesKey].sort());
    // The stored entries are the bytes the batch record's entriesSm3 hashes.
    expect(createHash('sm3').update(h.state.get(entriesKey)!).digest('hex')).toBe(result.batch.entriesSm3);

    const sig = await h.evaluate<SignatureRecord>('GetBatchSignature', ['b-1', hex('sig-1')]);
    expect(sig).toEqual({
      docType: 'signature',
      batchId: 'b-1',
      sealId: 'S-1',
      signedAt: '2026-02-01T00:00:00.000Z',
      recordId: 'rec-1',
      signatureSm3: hex('sig-1'),
      documentSm3: hex('doc-1'),
      anchoredAt: '2026-04-01T00:00:00.000Z',
      txId,
    });
    expect(await h.evaluate<BatchRecord>('GetBatch', ['b-1'])).toEqual(result.batch);
  });

  it('writes two keys and reads one key per seal, however many entries the batch has', async () => {
    const h = await timelineHarness();
    const entries = Array.from({ length: 300 }, (_, i) => entry(i, i % 2 === 0 ? 'S-1' : 'S-2', '2026-02-01T00:00:00.000Z'));
    const reads = jest.spyOn(h.state, 'get');
    const { writeSet } = await h.submit<AnchorResult>('AnchorBatch', [batch('b-big', entries)], LATER);
    expect(reads.mock.calls.map(([key]) => key).sort()).toEqual(
      [
        createCompositeKey(KEY_TYPES.batch, ['b-big']),
        createCompositeKey(KEY_TYPES.seal, ['S-1']),
        createCompositeKey(KEY_TYPES.seal, ['S-2']),
      ].sort(),
    );
    reads.mockRestore();
    expect(writeSet).toHaveLength(2);
    expect(await h.evaluate<SignatureRecord>('GetBatchSignature', ['b-big', hex('sig-299')])).toMatchObject({
      recordId: 'rec-299',
      sealId: 'S-2',
    });
  });

  it.each([
    ['before the seal was issued', 'S-2', '2026-01-09T23:59:59.999Z', 'SEAL_NOT_ACTIVE'],
    ['after the seal was revoked', 'S-1', '2026-03-01T00:00:00.000Z', 'SEAL_REVOKED'],
    ['by a seal that does not exist', 'S-404', '2026-02-01T00:00:00.000Z', 'NOT_FOUND'],
  ])('rejects the whole batch when an entry was signed %s', async (_label, sealId, signedAt, code) => {
    const h = await timelineHarness();
    const good = entry(1, 'S-2', '2026-02-01T00:00:00.000Z');
    const bad = entry(2, sealId, signedAt);
    const err = await failure(h.submit('AnchorBatch', [batch('b-1', [good, bad])], LATER));
    expect(err.code).toBe('SEAL_NOT_ACTIVE');
    expect(err.details).toEqual({ count: 1, rejected: [{ recordId: 'rec-2', sealId, code }] });
    expect((await failure(h.evaluate('GetBatchSignature', ['b-1', hex('sig-1')]))).code).toBe('NOT_FOUND');
    expect((await failure(h.evaluate('GetBatch', ['b-1']))).code).toBe('NOT_FOUND');
  });

  it('rejects a signature made after the validity window, and uses the renewed window after renewal', async () => {
    const h = new ContractHarness();
    await h.submit('IssueSeal', [sealInput('S-1', { validTo: '2026-06-01T00:00:00.000Z' })], { at: '2026-01-10T00:00:00.000Z' });
    const expired = await failure(
      h.submit('AnchorBatch', [batch('b-1', [entry(1, 'S-1', '2026-06-01T00:00:00.001Z')])], { at: '2026-06-02T00:00:00.000Z' }),
    );
    expect(expired.details).toMatchObject({ rejected: [{ code: 'SEAL_EXPIRED' }] });

    const h2 = new ContractHarness();
    await h2.submit('IssueSeal', [sealInput('S-1', { validTo: '2026-06-01T00:00:00.000Z' })], { at: '2026-01-10T00:00:00.000Z' });
    await h2.submit(
      'RenewSeal',
      [
        {
          sealId: 'S-1',
          certSerial: 'bb',
          certSm3: hex('c2'),
          sesealSm3: hex('s2'),
          validFrom: '2026-05-20T00:00:00.000Z',
          validTo: '2027-06-01T00:00:00.000Z',
        },
      ],
      { at: '2026-05-20T00:00:00.000Z' },
    );
    const ok = await h2.submit<AnchorResult>(
      'AnchorBatch',
      [batch('b-1', [entry(1, 'S-1', '2026-06-01T00:00:00.001Z'), entry(2, 'S-1', '2026-05-01T00:00:00.000Z')])],
      { at: '2026-06-02T00:00:00.000Z' },
    );
    expect(ok.result.created).toBe(true);
  });

  it('is idempotent for the same batch, and conflicts for other content under its id', async () => {
    const h = await timelineHarness();
    const entries = [entry(1, 'S-2', '2026-02-01T00:00:00.000Z')];
    const first = await h.submit<AnchorResult>('AnchorBatch', [batch('b-1', entries)], LATER);
    const again = await h.submit<AnchorResult>('AnchorBatch', [batch('b-1', entries)], { at: '2026-04-02T00:00:00.000Z' });
    expect(again.result).toEqual({ batch: first.result.batch, created: false });
    expect(again.writeSet).toEqual([]);
    expect(again.event).toBeNull();

    const otherEntries = await failure(h.submit('AnchorBatch', [batch('b-1', [entry(9, 'S-2', '2026-02-01T00:00:00.000Z')])], LATER));
    expect(otherEntries.code).toBe('LEDGER_CONFLICT');
    expect(otherEntries.details).toMatchObject({ batchId: 'b-1', anchoredRoot: batchRoot(entries) });
  });

  it('refuses a root that is not the Merkle root of its entries, and writes nothing', async () => {
    const h = await timelineHarness();
    const entries = [entry(1, 'S-2', '2026-02-01T00:00:00.000Z'), entry(2, 'S-2', '2026-02-02T00:00:00.000Z')];
    const otherLeaves = [entry(1, 'S-2', '2026-02-01T00:00:00.000Z'), entry(3, 'S-2', '2026-02-02T00:00:00.000Z')];
    // A root for other leaves, the same leaves in another order, one leaf's hash, a made-up value.
    for (const root of [batchRoot(otherLeaves), batchRoot([entries[1]!, entries[0]!]), batchRoot([entries[0]!]), hex('made up')]) {
      const refused = await failure(h.submit('AnchorBatch', [batch('b-1', entries, root)], LATER));
      expect(refused.code).toBe('VALIDATION_FAILED');
      expect(refused.details).toMatchObject({ field: 'root', rebuilt: batchRoot(entries) });
    }
    expect((await failure(h.evaluate('GetBatch', ['b-1']))).code).toBe('NOT_FOUND');
    expect((await h.submit<AnchorResult>('AnchorBatch', [batch('b-1', entries)], LATER)).result.created).toBe(true);
  });

  it('anchors a signature again in another batch: each batch answers for its own entry, the earliest stays the proof', async () => {
    const h = await timelineHarness();
    const first = await h.submit<AnchorResult>('AnchorBatch', [batch('b-1', [entry(1, 'S-2', '2026-02-01T00:00:00.000Z')])], LATER);
    const again = await h.submit<AnchorResult>(
      'AnchorBatch',
      [batch('b-2', [entry(1, 'S-2', '2026-02-01T00:00:00.000Z'), entry(2, 'S-2', '2026-02-02T00:00:00.000Z')])],
      { at: '2026-04-02T00:00:00.000Z' },
    );
    expect(again.result.created).toBe(true);
    const inFirst = await h.evaluate<SignatureRecord>('GetBatchSignature', ['b-1', hex('sig-1')]);
    const inSecond = await h.evaluate<SignatureRecord>('GetBatchSignature', ['b-2', hex('sig-1')]);
    expect(inFirst).toMatchObject({ batchId: 'b-1', txId: first.txId, anchoredAt: '2026-04-01T00:00:00.000Z' });
    expect(inSecond).toMatchObject({ batchId: 'b-2', txId: again.txId, anchoredAt: '2026-04-02T00:00:00.000Z' });
    expect((await failure(h.evaluate('GetBatchSignature', ['b-1', hex('sig-2')]))).code).toBe('NOT_FOUND');
  });

  it('answers for a batch anchored before entries were kept under one key, from its per-signature keys', async () => {
    const h = await timelineHarness();
    const legacy: SignatureRecord = {
      docType: 'signature',
      ...entry(7, 'S-2', '2026-02-01T00:00:00.000Z'),
      batchId: 'b-old',
      anchoredAt: '2026-03-01T00:00:00.000Z',
      txId: 'tx-old',
    };
    const record: BatchRecord = {
      docType: 'batch',
      batchId: 'b-old',
      root: hex('root-old'),
      entryCount: 1,
      entriesSm3: hex('entries-old'),
      anchoredAt: legacy.anchoredAt,
      anchoredBy: 'MakerMSP',
      txId: 'tx-old',
    };
    const json = (value: unknown) => Buffer.from(JSON.stringify(value));
    h.state.apply(
      [
        { key: createCompositeKey(KEY_TYPES.batch, ['b-old']), value: json(record) },
        { key: createCompositeKey(KEY_TYPES.signature, [legacy.signatureSm3]), value: json(legacy) },
      ],
      'tx-old',
      { seconds: Date.parse(legacy.anchoredAt) / 1000, nanos: 0 },
    );
    expect(await h.evaluate<SignatureRecord>('GetBatchSignature', ['b-old', legacy.signatureSm3])).toEqual(legacy);
    await h.submit('AnchorBatch', [batch('b-new', [entry(8, 'S-2', '2026-02-01T00:00:00.000Z')])], LATER);
    // A legacy key names its own batch: asked through another one, it is not there.
    expect((await failure(h.evaluate('GetBatchSignature', ['b-new', legacy.signatureSm3]))).code).toBe('NOT_FOUND');
  });

  it('catches duplicates inside one batch even though reads do not see the batch own writes', async () => {
    const h = await timelineHarness();
    const e = entry(1, 'S-2', '2026-02-01T00:00:00.000Z');
    expect((await failure(h.submit('AnchorBatch', [batch('b-1', [e, { ...e, recordId: 'rec-other' }])], LATER))).code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await failure(h.submit('AnchorBatch', [batch('b-1', [e, { ...e, signatureSm3: hex('x') }])], LATER))).code).toBe(
      'VALIDATION_FAILED',
    );
  });

  it.each([
    ['an empty batch', batch('b-1', [])],
    ['an unknown entry field', batch('b-1', [{ ...entry(1, 'S-2', '2026-02-01T00:00:00.000Z'), signerName: '李四' } as AnchorEntry])],
    ['a malformed root', { batchId: 'b-1', root: 'zz', entries: [entry(1, 'S-2', '2026-02-01T00:00:00.000Z')] }],
    ['a signing time after the transaction time', batch('b-1', [entry(1, 'S-2', '2026-04-01T00:05:00.001Z')])],
  ])('rejects %s with VALIDATION_FAILED', async (_label, input) => {
    const h = await timelineHarness();
    expect((await failure(h.submit('AnchorBatch', [input], LATER))).code).toBe('VALIDATION_FAILED');
  });

  it(`limits a batch to ${MAX_BATCH_ENTRIES} entries`, async () => {
    const h = await timelineHarness();
    const entries = Array.from({ length: MAX_BATCH_ENTRIES + 1 }, (_, i) => entry(i, 'S-2', '2026-02-01T00:00:00.000Z'));
    expect((await failure(h.submit('AnchorBatch', [batch('b-1', entries)], LATER))).code).toBe('VALIDATION_FAILED');
  });

  it('answers NOT_FOUND for unknown signatures and batches and VALIDATION_FAILED for malformed keys', async () => {
    const h = await timelineHarness();
    await h.submit('AnchorBatch', [batch('b-1', [entry(1, 'S-2', '2026-02-01T00:00:00.000Z')])], LATER);
    expect((await failure(h.evaluate('GetBatchSignature', ['b-1', hex('nothing')]))).code).toBe('NOT_FOUND');
    expect((await failure(h.evaluate('GetBatchSignature', ['b-404', hex('sig-1')]))).code).toBe('NOT_FOUND');
    expect((await failure(h.evaluate('GetBatch', ['b-404']))).code).toBe('NOT_FOUND');
    expect((await failure(h.evaluate('GetBatchSignature', ['b-1', 'not-a-hash']))).code).toBe('VALIDATION_FAILED');
  });
});

describe('sealStandingAt (exported for verifiers)', () => {
  it('answers from the timeline: before issue, active, after revocation', async () => {
    const { sealStandingAt } = await import('../index');
    const h = await timelineHarness();
    const seal = await h.evaluate<import('./model').SealRecord>('GetSeal', ['S-1']);
    expect(sealStandingAt(seal, Date.parse('2026-01-09T00:00:00.000Z'))).toBe('SEAL_NOT_ACTIVE');
    expect(sealStandingAt(seal, Date.parse('2026-02-01T00:00:00.000Z'))).toBe('ACTIVE');
    expect(sealStandingAt(seal, Date.parse('2026-03-01T00:00:00.000Z'))).toBe('SEAL_REVOKED');
  });
});
