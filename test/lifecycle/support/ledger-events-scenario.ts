/**
 * TEST-ONLY, one scenario for two ledgers: the worker's ledger event consumer (worker/src/ledger-events)
 * bound by the composition root to the harness's ledger, with its checkpoint in Redis. Lost filing jobs
 * come back from seal events, a batch whose anchor run died after the ledger call is stored from its
 * BatchAnchored event, and a restart resumes after the checkpoint without handling anything twice.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { readAnchorStatus } from '../../../server/src/store/signing';
import { buildBatch } from '../../../worker/src/anchor';
import {
  RedisCheckpointStore,
  startLedgerEvents,
  type ChainEvent,
  type EventOutcome,
  type RunningLedgerEventConsumer,
} from '../../../worker/src/ledger-events';
import { ackFiling, makeUsableSeal, signApproved } from '../../signing/support/lifecycle-signing';
import { eventually, startHarness, type Harness } from './harness';
import type { LedgerBackend } from './ledger-backend';
import { api } from '../api-helpers';
import { MAKER } from './test-caller-guard';
import { revocationMaterials } from './fixtures';

const CONSUMER = 'scenario';

export function ledgerEventsScenario(backend: LedgerBackend): void {
  describe(`chaincode events driving the worker (${backend.name})`, () => {
    let h: Harness;
    let redis: Redis;
    let filingQueue: Queue;
    let consumer: RunningLedgerEventConsumer | undefined;
    const handled: Array<{ event: ChainEvent; outcome: EventOutcome }> = [];

    beforeAll(async () => {
      h = await startHarness({ pinKdf: { log2N: 10, r: 8, p: 1 }, ...backend.services() });
      redis = new Redis(h.config.redisUrl, { maxRetriesPerRequest: null });
      filingQueue = new Queue('filing', { connection: redis, prefix: h.config.queuePrefix });
    }, 60_000);
    afterAll(async () => {
      await consumer?.close();
      await filingQueue?.close();
      redis?.disconnect();
      await h?.close();
    });

    // From the first block (no checkpoint yet): on a Fabric network kept between runs that replays
    // earlier suites' events too, which find none of their seals or records in this suite's database.
    const start = () =>
      startLedgerEvents(h.config, h.services.ledgerEventPorts, {
        consumerName: CONSUMER,
        logger: pino({ level: 'silent' }),
        retryDelayMs: 100,
        onHandled: (event, outcome) => handled.push({ event, outcome }),
      });
    /** A job the direct path queued, lost (as when Redis was unreachable at that moment). */
    const loseJob = async (filingId: string) => {
      await (await filingQueue.getJob(filingId))?.remove();
      expect(await filingQueue.getJob(filingId)).toBeUndefined();
    };
    const mine = (sealId: string, batchId?: string) =>
      handled.filter(
        ({ outcome }) => ('sealId' in outcome && outcome.sealId === sealId) || ('batchId' in outcome && outcome.batchId === batchId),
      );

    it('re-queues a lost filing job from the seal event, with the direct path job id, and checkpoints', async () => {
      const seal = await makeUsableSeal(h, { ackFiling: false });
      await loseJob(seal.madeFilingId);
      consumer = await start();
      const job = await eventually(async () => (await filingQueue.getJob(seal.madeFilingId)) ?? undefined, 60_000);
      expect(job).toMatchObject({ id: seal.madeFilingId, name: 'file', data: { version: 1, filingId: seal.madeFilingId } });
      await eventually(async () => (mine(seal.esID).length > 0 ? true : undefined));
      expect(mine(seal.esID).map(({ event, outcome }) => [event.name, outcome])).toEqual([
        ['SealIssued', { kind: 'filing-jobs', sealId: seal.esID, queued: 1 }],
      ]);
      await consumer.close();
      consumer = undefined;

      // The real binding: a seal this service does not hold (another maker's, on the same channel) owes nothing.
      expect(await h.services.ledgerEventPorts.filings.ensureFilingJobs('seal_held_elsewhere')).toBe(0);
      const last = handled[handled.length - 1]!.event;
      expect(await new RedisCheckpointStore(redis, h.config.queuePrefix, CONSUMER).load()).toEqual({
        blockNumber: last.blockNumber,
        transactionId: last.transactionId,
      });
    }, 90_000);

    it('after a restart: resumes from the checkpoint, stores a batch a dead anchor run left, re-queues the revocation filing', async () => {
      const before = handled.length;
      const seenBefore = new Set(handled.map(({ event }) => event.transactionId));
      const seal = await makeUsableSeal(h);
      const { recordId } = await signApproved(h, seal, `event-driven on ${backend.name}`);

      // The anchor run dies after the ledger call, before storing the proofs.
      const { outbox, ledger } = h.services.signing.anchorPorts;
      const claimed = await outbox.pending(10);
      expect(claimed.map((c) => c.recordId)).toEqual([recordId]);
      const batch = buildBatch(claimed);
      await outbox.pinBatch(batch.batchId, claimed, new Date());
      const commit = await ledger.anchorBatch({ batchId: batch.batchId, root: batch.root, entries: batch.entries });
      const anchorOf = async () => (await readAnchorStatus(h.services.signing.deps.signing, [recordId])).get(recordId)!;
      expect((await anchorOf()).state).toBe('PENDING');

      const revoked = await api(h.app).post(MAKER, `/seals/${seal.sealId}/revoke`, {
        reason: 'ESEAL_RETIRED',
        materials: revocationMaterials('RETIREMENT_DECISION'),
      });
      expect(revoked.status).toBe(200);
      const revocationFiling = (revoked.body.filings as Array<{ filingId: string; action: string }>).find((f) => f.action === 'REVOKED')!;
      await loseJob(revocationFiling.filingId);

      consumer = await start();
      await eventually(async () => (mine(seal.esID, batch.batchId).length >= 3 ? true : undefined), 60_000);
      expect(await anchorOf()).toMatchObject({
        state: 'ANCHORED',
        batchId: batch.batchId,
        root: batch.root,
        txId: commit.txId,
        leafIndex: 0,
        treeSize: 1,
      });
      expect(await filingQueue.getJob(revocationFiling.filingId)).toMatchObject({ id: revocationFiling.filingId });
      await ackFiling(h, revocationFiling.filingId);

      const ours = mine(seal.esID, batch.batchId).map(({ event, outcome }) => [event.name, outcome.kind]);
      // SealIssued found its filing acknowledged already (nothing owed), then the batch, then the revocation.
      expect(ours).toEqual([
        ['SealIssued', 'filing-jobs'],
        ['BatchAnchored', 'batch-stored'],
        ['SealRevoked', 'filing-jobs'],
      ]);
      // Nothing handled before the restart was handled again.
      expect(handled.slice(before).filter(({ event }) => seenBefore.has(event.transactionId))).toEqual([]);
    }, 90_000);
  });
}
