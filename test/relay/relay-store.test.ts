/**
 * The relay store on the real record store (FerretDB in the suite): group inserts report exactly
 * the documents they created, so the relay records and the submission claims stay "once" when two
 * runs race on the same ids.
 */
import { randomBytes } from 'node:crypto';
import { MongoRelayStore, relayModel } from '@eseal/server';
import { batchEvidence, relayIdFor, submissionFor } from '@eseal/worker';
import { connectSuiteMongoose, type SuiteMongo } from '../support/env';

let mongo: SuiteMongo;
let store: MongoRelayStore;

function newRelay() {
  const item = batchEvidence({
    batchId: `batch_${randomBytes(20).toString('hex')}`,
    root: randomBytes(32).toString('hex'),
    entryCount: 3,
    transactionId: randomBytes(32).toString('hex'),
    at: new Date(),
  });
  return {
    relayId: relayIdFor(item.evidenceId, 'court-sim'),
    adapterId: 'court-sim',
    subject: item.subject,
    evidence: submissionFor(item, 'SM3'),
    createdAt: new Date(),
  };
}

beforeAll(async () => {
  mongo = await connectSuiteMongoose();
  store = new MongoRelayStore(relayModel(mongo.connection));
  await store.ensureCollections();
});

afterAll(async () => {
  await mongo?.cleanup();
});

describe('MongoRelayStore groups', () => {
  it('creates each relay once and reports which ones this call created', async () => {
    const [a, b, c] = [newRelay(), newRelay(), newRelay()];
    expect([...(await store.createAll([a, b]))].sort()).toEqual([a.relayId, b.relayId].sort());
    expect([...(await store.createAll([b, c, a]))]).toEqual([c.relayId]);
    const loaded = await store.loadAll([a.relayId, c.relayId, 'batch_never@court-sim']);
    expect([...loaded.keys()].sort()).toEqual([a.relayId, c.relayId].sort());
    expect(loaded.get(a.relayId)).toMatchObject({ state: 'PENDING', attempts: 0, evidence: a.evidence });
  });

  it('grants each (relay, attempt) claim to one caller only, however the calls overlap', async () => {
    const [a, b] = [newRelay(), newRelay()];
    const at = new Date();
    const runs = await Promise.all([
      store.claimSubmissions(
        [
          { relayId: a.relayId, attempt: 0 },
          { relayId: b.relayId, attempt: 0 },
        ],
        at,
      ),
      store.claimSubmissions(
        [
          { relayId: b.relayId, attempt: 0 },
          { relayId: a.relayId, attempt: 0 },
        ],
        at,
      ),
    ]);
    for (const id of [a.relayId, b.relayId]) expect(runs.filter((won) => won.has(id))).toHaveLength(1);
    expect([
      ...(await store.claimSubmissions(
        [
          { relayId: a.relayId, attempt: 0 },
          { relayId: a.relayId, attempt: 1 },
        ],
        at,
      )),
    ]).toEqual([a.relayId]);
  });

  it('stores receipts, confirms and counts failures for a group', async () => {
    const [a, b] = [newRelay(), newRelay()];
    await store.createAll([a, b]);
    const receipt = (r: typeof a) => ({
      evidenceId: r.evidence.evidenceId,
      evidenceNumber: `CCSIM-2026-${randomBytes(5).toString('hex')}`,
      txHash: randomBytes(32).toString('hex'),
      blockHeight: 7,
      recordedAt: new Date().toISOString(),
      digest: r.evidence.digest,
      digestAlgorithm: 'SM3' as const,
      signature: 'c2ln',
    });
    await store.markAllSubmitted([{ relayId: a.relayId, receipt: receipt(a) }], new Date());
    await store.recordAttemptFailures([b.relayId], 'UPSTREAM_UNAVAILABLE: down');
    await store.markAllConfirmed([(await store.loadAll([a.relayId])).get(a.relayId)!], new Date());
    const loaded = await store.loadAll([a.relayId, b.relayId]);
    expect(loaded.get(a.relayId)).toMatchObject({ state: 'CONFIRMED', receipt: { txHash: expect.any(String) } });
    expect(loaded.get(b.relayId)).toMatchObject({ state: 'PENDING', attempts: 1, lastError: 'UPSTREAM_UNAVAILABLE: down' });
  });
});
