/**
 * The anchor queue's producer must keep anchoring going whatever Redis remembers. Found by the soak
 * run: 19 acknowledged signings never anchored. A failed anchor run was kept in the failed set under
 * the nudge's fixed job id, so every later nudge was taken for a duplicate and dropped; the only other
 * trigger lived in Redis too (a job scheduler, whose next run a Redis restart can lose).
 */
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { ANCHOR_QUEUE } from '@eseal/worker';
import { BullAnchorQueue } from '../../server/src/composition/anchor-queue';
import { connectSuiteRedis, suiteRedisOptions, testRedisUrl } from '../support/env';

/** Resolves when `condition` holds, checked on every run the worker reports; rejects after `ms`. */
function runsUntil(runs: { count: number; listeners: Array<() => void> }, condition: () => boolean, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no anchor run came within ${ms} ms (runs so far: ${runs.count})`)), ms);
    const check = () => {
      if (condition()) {
        clearTimeout(timer);
        resolve();
      }
    };
    runs.listeners.push(check);
    check();
  });
}

describe('anchor nudges', () => {
  it('a failed anchor run does not block later nudges, and nudging goes on without any scheduler kept in Redis', async () => {
    const { redis, prefix, cleanup } = await connectSuiteRedis(`anchor-nudges-${process.pid}`);
    const runs = { count: 0, listeners: [] as Array<() => void> };
    const workerConnection = new Redis(suiteRedisOptions());
    const worker = new Worker(
      ANCHOR_QUEUE,
      async () => {
        runs.count++;
        const failThisRun = runs.count === 1;
        setImmediate(() => runs.listeners.forEach((l) => l()));
        if (failThisRun) throw new Error('the record store went away during this run');
      },
      { connection: workerConnection, prefix },
    );
    worker.on('error', () => undefined);
    const queue = new BullAnchorQueue({ redisUrl: testRedisUrl(), prefix, debounceMs: 50, sweepEveryMs: 1_000 });
    try {
      await queue.ready;
      // Whatever Redis kept of a scheduler is gone (a restart lost it).
      const other = new Queue(ANCHOR_QUEUE, { connection: redis, prefix });
      await other.removeJobScheduler('anchor-sweep');
      await other.close();
      queue.recordsWritten();
      await runsUntil(runs, () => runs.count >= 1, 20_000);
      // The first run failed; the next signings are anchored all the same.
      await runsUntil(runs, () => runs.count >= 3, 20_000);
    } finally {
      await queue.close();
      await worker.close();
      await workerConnection.quit();
      await cleanup();
    }
  }, 60_000);

  it('a failed run kept under the nudge id by an older version does not block anchoring', async () => {
    const { redis, prefix, cleanup } = await connectSuiteRedis(`anchor-nudges-old-${process.pid}`);
    const runs = { count: 0, listeners: [] as Array<() => void> };
    const workerConnection = new Redis(suiteRedisOptions());
    const worker = new Worker(
      ANCHOR_QUEUE,
      async () => {
        runs.count++;
        const failThisRun = runs.count === 1;
        setImmediate(() => runs.listeners.forEach((l) => l()));
        if (failThisRun) throw new Error('the ledger was away');
      },
      { connection: workerConnection, prefix },
    );
    worker.on('error', () => undefined);
    let queue: BullAnchorQueue | undefined;
    try {
      // What an older version left: its nudge failed and was kept (removeOnFail: 100).
      const older = new Queue(ANCHOR_QUEUE, { connection: redis, prefix });
      await older.add('anchor', { v: 1, maxBatch: 1000 }, { jobId: 'anchor-pending', removeOnComplete: true, removeOnFail: 100 });
      await runsUntil(runs, () => runs.count >= 1, 20_000);
      await older.close();

      queue = new BullAnchorQueue({ redisUrl: testRedisUrl(), prefix, debounceMs: 50, sweepEveryMs: 1_000 });
      await queue.ready;
      queue.recordsWritten();
      await runsUntil(runs, () => runs.count >= 2, 20_000);
    } finally {
      await queue?.close();
      await worker.close();
      await workerConnection.quit();
      await cleanup();
    }
  }, 60_000);
});
