import type { AuditAnchorPage, AuditAnchorRecord, AuditAnchorResult } from './audit-anchors';
import { ContractHarness, MAKER_ANCHOR_ONLY, MAKER_NO_ROLE, OUTSIDER, POLICE, failure, hex } from '../__tests__/harness';

const AT = '2026-01-10T00:00:00.000Z';
const checkpoint = (fromSeq: number, toSeq: number, at = AT) => ({ fromSeq, toSeq, headHash: hex(`entry-${toSeq}`), at });

/** Anchors 1-5, 6-9, 10-10, 11-20. */
async function chainOfFour(h = new ContractHarness()): Promise<ContractHarness> {
  for (const [from, to] of [
    [1, 5],
    [6, 9],
    [10, 10],
    [11, 20],
  ] as const)
    await h.submit('AnchorAudit', [checkpoint(from, to)]);
  return h;
}

describe('AnchorAudit', () => {
  it('stores the checkpoint under its toSeq and emits AuditAnchored with deterministic JSON', async () => {
    const h = new ContractHarness();
    const { result, event, txId, writeSet } = await h.submit<AuditAnchorResult>('AnchorAudit', [checkpoint(1, 5)], {
      as: MAKER_ANCHOR_ONLY,
    });
    expect(result).toEqual({
      created: true,
      anchor: {
        docType: 'auditAnchor',
        fromSeq: 1,
        toSeq: 5,
        headHash: hex('entry-5'),
        at: AT,
        anchoredAt: AT,
        anchoredBy: 'MakerMSP',
        txId,
      },
    });
    expect(event?.name).toBe('AuditAnchored');
    expect(Buffer.from(event!.payload).toString()).toBe(
      `{"anchoredAt":"${AT}","at":"${AT}","fromSeq":1,"headHash":"${hex('entry-5')}","toSeq":5}`,
    );
    // Stored bytes are canonical: keys sorted, so every endorsing peer writes the same value.
    const stored = Buffer.from(writeSet.find((w) => w.key.startsWith('auditAnchor:'))!.value!).toString();
    expect(stored).toBe(JSON.stringify(Object.fromEntries(Object.entries(result.anchor).sort(([a], [b]) => (a < b ? -1 : 1)))));
    expect(await h.evaluate<AuditAnchorRecord>('GetAuditAnchor', ['5'])).toEqual(result.anchor);
  });

  it('is a no-op for the identical checkpoint, also after later anchors', async () => {
    const h = await chainOfFour();
    const before = await h.evaluate<AuditAnchorRecord>('GetAuditAnchor', ['9']);
    const again = await h.submit<AuditAnchorResult>('AnchorAudit', [checkpoint(6, 9)], { at: '2026-02-01T00:00:00.000Z' });
    expect(again.result).toEqual({ anchor: before, created: false });
    expect(again.writeSet).toEqual([]);
    expect(again.event).toBeNull();
  });

  it.each([
    ['another head hash at an anchored position', { ...checkpoint(6, 9), headHash: hex('forged') }],
    ['another time at an anchored position', checkpoint(6, 9, '2026-01-09T00:00:00.000Z')],
    ['an overlap with the last anchor', checkpoint(15, 25)],
    ['a gap after the last anchor', checkpoint(22, 30)],
    ['a restart from the beginning', checkpoint(1, 30)],
  ])('refuses %s with LEDGER_CONFLICT', async (_label, input) => {
    const h = await chainOfFour();
    const err = await failure(h.submit('AnchorAudit', [input]));
    expect(err.code).toBe('LEDGER_CONFLICT');
  });

  it('requires the first checkpoint to start at entry 1', async () => {
    const err = await failure(new ContractHarness().submit('AnchorAudit', [checkpoint(2, 5)]));
    expect([err.code, err.details]).toEqual(['LEDGER_CONFLICT', { fromSeq: 2, expectedFromSeq: 1 }]);
  });

  it.each([
    ['fromSeq 0', { ...checkpoint(1, 5), fromSeq: 0 }],
    ['toSeq before fromSeq', checkpoint(5, 4)],
    ['a fractional seq', { ...checkpoint(1, 5), toSeq: 5.5 }],
    ['a seq as a string', { ...checkpoint(1, 5), toSeq: '5' }],
    ['an unsafe integer', { ...checkpoint(1, 5), toSeq: 2 ** 53 }],
    ['upper-case hex', { ...checkpoint(1, 5), headHash: hex('x').toUpperCase() }],
    ['a short hash', { ...checkpoint(1, 5), headHash: 'ab' }],
    ['a non-canonical time', { ...checkpoint(1, 5), at: '2026-01-10T00:00:00Z' }],
    ['an unknown field', { ...checkpoint(1, 5), note: 'personal data' }],
    ['a time after the transaction', checkpoint(1, 5, '2026-01-10T00:10:00.000Z')],
  ])('refuses %s with VALIDATION_FAILED', async (_label, input) => {
    const err = await failure(new ContractHarness().submit('AnchorAudit', [input]));
    expect(err.code).toBe('VALIDATION_FAILED');
  });

  it('refuses a non-JSON argument', async () => {
    expect((await failure(new ContractHarness().submit('AnchorAudit', ['{not json']))).code).toBe('VALIDATION_FAILED');
  });

  it.each([
    ['a maker without the anchor role', MAKER_NO_ROLE],
    ['public security', POLICE],
    ['another organisation', OUTSIDER],
  ])('denies %s', async (_label, as) => {
    const err = await failure(new ContractHarness().submit('AnchorAudit', [checkpoint(1, 5)], { as }));
    expect(err.code).toBe('LEDGER_ACCESS_DENIED');
  });
});

describe('GetAuditAnchors and GetAuditAnchor', () => {
  const toSeqs = (page: AuditAnchorPage) => page.anchors.map((a) => a.toSeq);

  it('pages through a seq range in order, continuing from next', async () => {
    const h = await chainOfFour();
    const first = await h.evaluate<AuditAnchorPage>('GetAuditAnchors', [{ fromSeq: 1, limit: 2 }]);
    expect([toSeqs(first), first.next]).toEqual([[5, 9], 10]);
    const rest = await h.evaluate<AuditAnchorPage>('GetAuditAnchors', [{ fromSeq: first.next, limit: 2 }]);
    expect([toSeqs(rest), rest.next]).toEqual([[10, 20], undefined]);
    // The anchor covering entry 7 ends at 9; a bound stops the scan.
    expect(toSeqs(await h.evaluate<AuditAnchorPage>('GetAuditAnchors', [{ fromSeq: 7, toSeq: 10 }]))).toEqual([9, 10]);
    expect(toSeqs(await h.evaluate<AuditAnchorPage>('GetAuditAnchors', [{ fromSeq: 21 }]))).toEqual([]);
  });

  it('returns the latest N in ascending order, and an empty page before any anchor', async () => {
    const h = await chainOfFour();
    expect(toSeqs(await h.evaluate<AuditAnchorPage>('GetAuditAnchors', [{ latest: 3 }]))).toEqual([9, 10, 20]);
    expect(toSeqs(await h.evaluate<AuditAnchorPage>('GetAuditAnchors', [{ latest: 500 }]))).toEqual([5, 9, 10, 20]);
    expect(await new ContractHarness().evaluate('GetAuditAnchors', [{ latest: 1 }])).toEqual({ anchors: [] });
  });

  it('answers NOT_FOUND for a position that is not an anchor end', async () => {
    const h = await chainOfFour();
    expect((await failure(h.evaluate('GetAuditAnchor', ['7']))).code).toBe('NOT_FOUND');
  });

  it.each([
    [{ latest: 0 }],
    [{ latest: 501 }],
    [{ fromSeq: 0 }],
    [{ fromSeq: 5, toSeq: 4 }],
    [{ fromSeq: 1, limit: 501 }],
    [{ latest: 1, fromSeq: 1 }],
    [{}],
    [[1]],
  ])('refuses the query %p', async (query) => {
    expect((await failure(new ContractHarness().evaluate('GetAuditAnchors', [query]))).code).toBe('VALIDATION_FAILED');
  });

  it.each([['0'], ['-1'], ['1e3'], [''], ['99999999999999999']])('refuses toSeq %p', async (raw) => {
    expect((await failure(new ContractHarness().evaluate('GetAuditAnchor', [raw]))).code).toBe('VALIDATION_FAILED');
  });
});
