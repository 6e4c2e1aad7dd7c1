import type { SealPage } from './model';
import { ContractHarness, MAKER, POLICE, UNIT_A, UNIT_B, failure, hex, sealInput } from '../__tests__/harness';
import { executeTransaction } from '../runtime/execute-transaction';
import { createCompositeKey } from '../runtime/composite-key';
import type { WriteSetEntry } from '../runtime/world-state';
import { canonicalJson } from './canonical-json';
import { KEY_TYPES } from './keys';
import { batchRoot } from './batch-root';
import type { AnchorEntry } from './model';
import { entryWithSignature } from './queries';

const anchorInput = (batchId: string, entries: AnchorEntry[]) => ({ batchId, root: batchRoot(entries), entries });

describe('QuerySealsByUnit', () => {
  async function harnessWithSeals(): Promise<ContractHarness> {
    const h = new ContractHarness();
    // Issued out of order: pages come back in seal-id (key) order regardless.
    for (const id of ['A-05', 'A-01', 'A-07', 'A-03', 'A-02', 'A-06', 'A-04']) await h.submit('IssueSeal', [sealInput(id)]);
    for (const id of ['B-01', 'B-02']) await h.submit('IssueSeal', [sealInput(id, { unitId: UNIT_B })]);
    return h;
  }

  it('pages through one unit only, in key order, with a bookmark that ends empty', async () => {
    const h = await harnessWithSeals();
    const pages: SealPage[] = [];
    let bookmark = '';
    do {
      const page = await h.evaluate<SealPage>('QuerySealsByUnit', [UNIT_A, '3', bookmark]);
      pages.push(page);
      bookmark = page.bookmark;
    } while (bookmark !== '');
    expect(pages.map((p) => p.seals.map((s) => s.sealId))).toEqual([['A-01', 'A-02', 'A-03'], ['A-04', 'A-05', 'A-06'], ['A-07']]);
    expect(pages.map((p) => p.fetched)).toEqual([3, 3, 1]);
    expect(pages.flatMap((p) => p.seals).every((s) => s.unitId === UNIT_A)).toBe(true);
  });

  it('returns an empty page for a unit without seals', async () => {
    const h = await harnessWithSeals();
    expect(await h.evaluate<SealPage>('QuerySealsByUnit', ['91120000MA05EMPTY0', '10', ''])).toEqual({
      seals: [],
      bookmark: '',
      fetched: 0,
    });
  });

  it.each(['0', '101', '-1', '2.5', 'ten'])('rejects page size %s', async (size) => {
    const h = new ContractHarness();
    expect((await failure(h.evaluate('QuerySealsByUnit', [UNIT_A, size, '']))).code).toBe('VALIDATION_FAILED');
  });
});

describe('GetSeal, GetSignature and GetBatch', () => {
  /** The payload exactly as a client receives it (the harness parses it). */
  async function rawEvaluate(h: ContractHarness, fcn: string, ...args: string[]) {
    return executeTransaction(h.contract, h.state, {
      fcn,
      args,
      caller: MAKER,
      txId: 'tx-query',
      timestamp: { seconds: Math.floor(h.now / 1000), nanos: 0 },
      channelId: 'eseal',
      chaincodeName: 'eseal',
    });
  }

  /** Every kind of record write: issue, change, renew, revoke, a batch with its signatures, an audit checkpoint. */
  async function recordWrites(h: ContractHarness): Promise<WriteSetEntry[]> {
    const writes: WriteSetEntry[] = [];
    const submit = async (fcn: string, arg: unknown, options: Parameters<ContractHarness['submit']>[2] = {}) => {
      writes.push(...(await h.submit(fcn, [arg], options)).writeSet);
    };
    await submit('IssueSeal', sealInput('S-1'));
    await submit('IssueSeal', sealInput('S-2'));
    await submit(
      'ChangeSeal',
      { sealId: 'S-1', reason: 'UNIT_INFO_CHANGED', sesealSm3: hex('seseal-2'), certSerial: 'ff01', certSm3: hex('cert-2') },
      { at: '2026-02-01T00:00:00.000Z' },
    );
    await submit(
      'RenewSeal',
      {
        sealId: 'S-1',
        certSerial: 'beef',
        certSm3: hex('cert-renewed'),
        sesealSm3: hex('seseal-renewed'),
        validFrom: '2026-12-15T00:00:00.000Z',
        validTo: '2028-01-01T00:00:00.000Z',
      },
      { at: '2026-12-20T00:00:00.000Z' },
    );
    await submit('RevokeSeal', { sealId: 'S-2', reason: 'KEY_LEAKED' }, { as: POLICE, at: '2026-12-21T00:00:00.000Z' });
    await submit(
      'AnchorBatch',
      anchorInput('b-1', [
        { recordId: 'rec-1', sealId: 'S-1', signedAt: '2026-03-01T00:00:00.000Z', signatureSm3: hex('sig-1'), documentSm3: hex('doc-1') },
      ]),
      { at: '2027-01-06T00:00:00.000Z' },
    );
    await submit(
      'AnchorAudit',
      { fromSeq: 1, toSeq: 5, headHash: hex('entry-5'), at: '2027-01-06T00:00:00.000Z' },
      { at: '2027-01-06T00:00:00.000Z' },
    );
    return writes;
  }

  it('rely on every record being stored as canonical JSON', async () => {
    const writes = (await recordWrites(new ContractHarness())).filter((w) => !w.key.includes(KEY_TYPES.unitIndex));
    expect(writes.length).toBeGreaterThan(8);
    for (const { value } of writes) {
      const text = Buffer.from(value!).toString('utf8');
      expect(canonicalJson(JSON.parse(text))).toBe(text);
    }
  });

  it('answer with the stored record, the same text as its canonical JSON', async () => {
    const h = new ContractHarness();
    await recordWrites(h);
    const reads = [
      ['GetSeal', 'S-1', createCompositeKey(KEY_TYPES.seal, ['S-1'])],
      ['GetSeal', 'S-2', createCompositeKey(KEY_TYPES.seal, ['S-2'])],
      ['GetBatch', 'b-1', createCompositeKey(KEY_TYPES.batch, ['b-1'])],
    ] as const;
    for (const [fcn, arg, key] of reads) {
      const outcome = await rawEvaluate(h, fcn, arg);
      const stored = Buffer.from(h.state.get(key)!).toString('utf8');
      expect(outcome).toEqual({ ok: true, payload: stored, writeSet: [], event: null });
      expect(canonicalJson(JSON.parse(stored))).toBe(stored);
    }
  });

  it('answer a signature of a batch as canonical JSON', async () => {
    const h = new ContractHarness();
    await recordWrites(h);
    const outcome = await rawEvaluate(h, 'GetBatchSignature', 'b-1', hex('sig-1'));
    expect(outcome.ok).toBe(true);
    const text = (outcome as { payload: string }).payload;
    expect(canonicalJson(JSON.parse(text))).toBe(text);
  });

  it('refuse a missing record with NOT_FOUND in the same wire form', async () => {
    const h = new ContractHarness();
    await recordWrites(h);
    const missing = hex('not anchored');
    expect(await rawEvaluate(h, 'GetBatchSignature', 'b-1', missing)).toEqual({
      ok: false,
      message: `[NOT_FOUND] signature ${missing} is not in batch b-1 details={"batch":"b-1","signature":"${missing}"}`,
    });
    expect(await rawEvaluate(h, 'GetSeal', 'S-404')).toEqual({
      ok: false,
      message: '[NOT_FOUND] seal S-404 not found details={"seal":"S-404"}',
    });
    expect(await rawEvaluate(h, 'GetBatch', 'b-404')).toEqual({
      ok: false,
      message: '[NOT_FOUND] batch b-404 not found details={"batch":"b-404"}',
    });
  });
});

describe('entryWithSignature (GetBatchSignature without parsing the whole batch)', () => {
  const entries: AnchorEntry[] = Array.from({ length: 50 }, (_, n) => ({
    recordId: `rec-${n}`,
    sealId: `S-${n % 3}`,
    signedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    signatureSm3: hex(`sig-${n}`),
    // One entry's document hash is another's signature hash: only the signatureSm3 field counts.
    documentSm3: n === 7 ? hex('sig-30') : hex(`doc-${n}`),
  }));
  const stored = canonicalJson(entries);

  it('finds every entry exactly as parsing the whole value would', () => {
    for (const e of entries) expect(entryWithSignature(stored, e.signatureSm3)).toEqual(e);
  });

  it('finds nothing for a hash that is no entry’s signature', () => {
    expect(entryWithSignature(stored, hex('doc-3'))).toBeUndefined();
    expect(entryWithSignature(stored, hex('nothing'))).toBeUndefined();
  });
});
