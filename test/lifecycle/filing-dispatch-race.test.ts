/**
 * A filing document is written by the lifecycle move and, when a crash left it out, by the repair
 * the ledger event consumer runs for the same seal, possibly at the same moment. The write must
 * happen once and neither writer may fail: on FerretDB an upsert is not atomic, so the losing
 * upsert used to end the maker's request in a 500 (E11000) while the seal was already made.
 */
import type { SealDoc } from '../../server/src/store';
import { dispatchFiling } from '../../server/src/usecases/seals/filing-outbox';
import { api } from './api-helpers';
import { startHarness, type Harness } from './support/harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => {
  await h?.close();
});

it('writes a missing filing document once when several dispatchers race, and none of them fails', async () => {
  const http = api(h.app);
  const unit = await http.registerUnit();
  const made = await http.makeSeal(unit.unitId, 'CONTRACT');
  const seal = (await h.services.store.models.seals.findById(made.sealId).lean<SealDoc>())!;
  const filing = seal.filings[0]!;
  for (let round = 0; round < 5; round++) {
    // As after a crash between the seal's update and the filing document's write.
    await h.services.store.models.filings.deleteOne({ _id: filing.filingId });
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => dispatchFiling(h.services.deps, seal, filing, new Date())));
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    expect(await h.services.store.models.filings.countDocuments({ _id: filing.filingId })).toBe(1);
  }
});
