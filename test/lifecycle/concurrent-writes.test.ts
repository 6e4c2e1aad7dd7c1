/**
 * The same write racing itself on FerretDB v1 (upserts are not atomic there): the filing a seal owes
 * is dispatched by the lifecycle move and by the ledger-event consumer at once. Neither may fail on
 * the duplicate key, and a duplicate key that does reach a caller is a 409, never a 500.
 */
import { SealError } from '@eseal/core';
import { statusOf } from '../../server/src/http/error-status';
import { toSealError } from '../../server/src/http/to-seal-error';
import type { SealDoc } from '../../server/src/store';
import { dispatchFiling } from '../../server/src/usecases/seals/filing-outbox';
import { makeUsableSeal } from '../signing/support/lifecycle-signing';
import { startHarness, type Harness } from './support/harness';

const ROUNDS = 8;
const RACERS = 4;

describe('concurrent writes of the same record', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  it('dispatching one filing from several paths at once stores it once and fails none of them', async () => {
    const { sealId, madeFilingId } = await makeUsableSeal(h);
    const { deps } = h.services;
    const seal = (await deps.store.models.seals.findById(sealId).lean<SealDoc>())!;
    const ref = seal.filings.find((f) => f.filingId === madeFilingId)!;
    for (let round = 0; round < ROUNDS; round++) {
      await deps.store.models.filings.deleteOne({ _id: madeFilingId });
      const outcomes = await Promise.allSettled(Array.from({ length: RACERS }, () => dispatchFiling(deps, seal, ref, new Date())));
      expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
      expect(await deps.store.models.filings.countDocuments({ _id: madeFilingId })).toBe(1);
    }
  }, 60_000);

  it('a duplicate key that reaches the error mapping is 409 CONCURRENT_WRITE', async () => {
    const probes = h.services.deps.store.models.filings.collection;
    await probes.insertOne({ _id: 'filing_twice' } as never);
    const thrown = await probes.insertOne({ _id: 'filing_twice' } as never).then(
      () => undefined,
      (error: unknown) => error,
    );
    const mapped: SealError = toSealError(thrown);
    expect(mapped.code).toBe('CONCURRENT_WRITE');
    expect(statusOf(mapped.code)).toBe(409);
  });
});
