/**
 * The relay store on the real record store (FerretDB in the suite): group inserts report exactly
 * the documents they created, so the relay records and the submission claims stay "once" when two
 * runs race on the same ids.
 */
import { randomBytes } from 'node:crypto';
import { MongoRelayStore, countRelayStates, relayModel, type RelayDoc } from '@eseal/server';
import { SILENT_RELAY_OBSERVER, batchEvidence, processRelays, relayIdFor, submissionFor, type CourtChainAdapter } from '@eseal/worker';
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
    await store.markAllSubmitted([{ relayId: a.relayId, receipt: receiptFor(a) }], new Date());
    await store.recordAttemptFailures([b.relayId], 'UPSTREAM_UNAVAILABLE: down');
    await store.markAllConfirmed([(await store.loadAll([a.relayId])).get(a.relayId)!], new Date());
    const loaded = await store.loadAll([a.relayId, b.relayId]);
    expect(loaded.get(a.relayId)).toMatchObject({ state: 'CONFIRMED', receipt: { txHash: expect.any(String) } });
    expect(loaded.get(b.relayId)).toMatchObject({ state: 'PENDING', attempts: 1, lastError: 'UPSTREAM_UNAVAILABLE: down' });
  });

  it('keeps a confirmed relay confirmed when a run whose job lock lapsed stores its receipt afterwards', async () => {
    // Two runs of one job (the first one's lock lapsed): the second submits, stores and confirms; the
    // first, late, stores the receipt the court answered it. Nothing would requeue a relay sent back.
    const a = newRelay();
    await store.createAll([a]);
    const answered = receiptFor(a);
    await store.markAllSubmitted([{ relayId: a.relayId, receipt: answered }], new Date());
    await store.markAllConfirmed([(await store.loadAll([a.relayId])).get(a.relayId)!], new Date());
    await store.markAllSubmitted([{ relayId: a.relayId, receipt: { ...answered, signature: 'bGF0ZQ' } }], new Date());
    expect((await store.loadAll([a.relayId])).get(a.relayId)).toMatchObject({
      state: 'CONFIRMED',
      receipt: { signature: answered.signature },
    });
    expect(await store.load(a.relayId)).toMatchObject({ state: 'CONFIRMED', confirmedAt: expect.any(Date) });
  });

  it('reads relays an earlier version stored with the receipt and the state on the record', async () => {
    const [submitted, confirmed] = [newRelay(), newRelay()];
    const legacy = (r: typeof submitted, state: 'SUBMITTED' | 'CONFIRMED'): RelayDoc => ({
      _id: r.relayId,
      adapterId: r.adapterId,
      subject: r.subject,
      evidence: r.evidence,
      state,
      attempts: 0,
      receipt: receiptFor(r),
      createdAt: r.createdAt,
      submittedAt: new Date(),
      ...(state === 'CONFIRMED' ? { confirmedAt: new Date() } : {}),
      updatedAt: new Date(),
    });
    await relayModel(mongo.connection).insertMany([legacy(submitted, 'SUBMITTED'), legacy(confirmed, 'CONFIRMED')]);
    const loaded = await store.loadAll([submitted.relayId, confirmed.relayId]);
    expect(loaded.get(submitted.relayId)).toMatchObject({ state: 'SUBMITTED', receipt: { evidenceId: submitted.evidence.evidenceId } });
    expect(loaded.get(confirmed.relayId)).toMatchObject({ state: 'CONFIRMED', confirmedAt: expect.any(Date) });
    // The new version confirms the older one's submitted relay from the receipt on its record.
    await store.markAllConfirmed([loaded.get(submitted.relayId)!], new Date());
    expect(await store.load(submitted.relayId)).toMatchObject({
      state: 'CONFIRMED',
      receipt: { evidenceId: submitted.evidence.evidenceId },
    });
  });

  it('lists relays by their derived state', async () => {
    const [pending, submitted, confirmed] = [newRelay(), newRelay(), newRelay()];
    await store.createAll([pending, submitted, confirmed]);
    await store.markAllSubmitted(
      [submitted, confirmed].map((r) => ({ relayId: r.relayId, receipt: receiptFor(r) })),
      new Date(),
    );
    await store.markAllConfirmed([(await store.load(confirmed.relayId))!], new Date());
    const ids = async (state: RelayDoc['state']) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.list({ state }, { limit: 50, ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((r) => r.relayId));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    const mine = (list: string[]) => list.filter((id) => [pending, submitted, confirmed].some((r) => r.relayId === id));
    expect(mine(await ids('PENDING'))).toEqual([pending.relayId]);
    expect(mine(await ids('SUBMITTED'))).toEqual([submitted.relayId]);
    expect(mine(await ids('CONFIRMED'))).toEqual([confirmed.relayId]);
  });

  it('counts relays per state as they read, for statistics', async () => {
    const count = async () => new Map((await countRelayStates(relayModel(mongo.connection))).map(({ key, count }) => [key, count]));
    const before = await count();
    const [pending, submitted, confirmed, dead] = [newRelay(), newRelay(), newRelay(), newRelay()];
    await store.createAll([pending, submitted, confirmed, dead]);
    await store.markAllSubmitted(
      [submitted, confirmed].map((r) => ({ relayId: r.relayId, receipt: receiptFor(r) })),
      new Date(),
    );
    await store.markAllConfirmed([(await store.load(confirmed.relayId))!], new Date());
    await store.markAllDead([dead.relayId], 'UPSTREAM_UNAVAILABLE: down');
    const after = await count();
    const added = (state: RelayDoc['state']) => (after.get(state) ?? 0) - (before.get(state) ?? 0);
    expect(['PENDING', 'SUBMITTED', 'CONFIRMED', 'REJECTED', 'DEAD'].map((s) => added(s as RelayDoc['state']))).toEqual([1, 1, 1, 0, 1]);
  });
});

describe('a relay run that overlaps another', () => {
  it('confirms and shows the receipt stored first, not the one it read back from the court later', async () => {
    // Another run holds this attempt's claim and is submitting; this run asks the court for the receipt
    // by evidence id, and while it does, the other run stores the court's first answer. The court (a
    // faulty one) answers this run another receipt: the stored one is the evidence, and the one confirmed.
    const a = newRelay();
    await store.createAll([a]);
    expect(await store.claimSubmissions([{ relayId: a.relayId, attempt: 0 }], new Date())).toEqual(new Set([a.relayId]));
    const first = receiptFor(a);
    const later = receiptFor(a);
    const askedToVerify: string[] = [];
    const court = {
      id: 'court-sim',
      submitMany: async () => {
        throw new Error('this run holds no claim: it must not submit');
      },
      queryReceipt: async () => {
        await store.markAllSubmitted([{ relayId: a.relayId, receipt: first }], new Date());
        return later;
      },
      verifyManyByTxHash: async (items: ReadonlyArray<{ txHash: string }>) => {
        askedToVerify.push(...items.map((i) => i.txHash));
        return items.map(() => 'MATCH' as const);
      },
    } as unknown as CourtChainAdapter;

    const result = await processRelays(
      { store, adapters: new Map([['court-sim', court]]), observer: SILENT_RELAY_OBSERVER },
      [a.relayId],
      false,
    );
    expect(result.done).toEqual([{ relayId: a.relayId, outcome: 'CONFIRMED' }]);
    expect(askedToVerify).toEqual([first.txHash]);
    expect((await store.loadAll([a.relayId])).get(a.relayId)).toMatchObject({ state: 'CONFIRMED', receipt: { txHash: first.txHash } });
  });
});

function receiptFor(r: ReturnType<typeof newRelay>) {
  return {
    evidenceId: r.evidence.evidenceId,
    evidenceNumber: `CCSIM-2026-${randomBytes(5).toString('hex')}`,
    txHash: randomBytes(32).toString('hex'),
    blockHeight: 7,
    recordedAt: new Date().toISOString(),
    digest: r.evidence.digest,
    digestAlgorithm: 'SM3' as const,
    signature: 'c2ln',
  };
}
