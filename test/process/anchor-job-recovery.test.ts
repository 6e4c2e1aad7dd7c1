/**
 * After the process running an anchor job is SIGKILLed, a restarted worker anchors within seconds:
 * the dead worker's job lock must not hold the queue (one anchor job at a time) for a minute.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { anchorProcessor, type AnchorOutboxPort } from '../../worker/src/anchor';
import { startWorker } from '../../worker/src/start-worker';
import { suiteQueuePrefix, testRedisUrl } from '../support/env';

/** The anchor lock is 5 s and stalled jobs are looked for every 5 s: two checks after the lock ran out. */
const RESUMED_WITHIN_MS = 20_000;

describe('anchor job after a SIGKILL', () => {
  it('is taken over by a restarted worker within seconds', async () => {
    const prefix = suiteQueuePrefix();
    const connection = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
    const queue = new Queue('anchor', { connection, prefix });
    const stuck = spawn(process.execPath, [path.join(__dirname, '..', 'support', 'stuck-anchor-worker.js'), testRedisUrl(), prefix], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let restarted: Awaited<ReturnType<typeof startWorker>> | undefined;
    try {
      await queue.setGlobalConcurrency(1);
      await queue.add('anchor', { v: 1, maxBatch: 10 }, { jobId: 'anchor-run', removeOnComplete: true });
      await new Promise<void>((resolve) => stuck.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('running') && resolve()));
      const exited = new Promise((resolve) => stuck.once('exit', resolve));
      stuck.kill('SIGKILL');
      await exited;
      const killedAt = Date.now();

      let resumedAt: number | undefined;
      const outbox: AnchorOutboxPort = {
        unfinishedBatches: async () => {
          resumedAt ??= Date.now();
          return [];
        },
        pending: async () => [],
        pinBatch: async () => undefined,
        markAnchored: async () => undefined,
        markRejected: async () => undefined,
        releaseBatch: async () => undefined,
      };
      restarted = await startWorker(
        { redisUrl: testRedisUrl(), queuePrefix: prefix },
        {
          processors: [
            anchorProcessor({
              outbox,
              ledger: {
                anchorBatch: async () => {
                  throw new Error('not called');
                },
              },
            }),
          ],
          logger: pino({ level: 'silent' }),
        },
      );
      while (resumedAt === undefined && Date.now() - killedAt < RESUMED_WITHIN_MS + 5_000) await new Promise((r) => setTimeout(r, 100));
      expect(resumedAt).toBeDefined();
      expect(resumedAt! - killedAt).toBeLessThan(RESUMED_WITHIN_MS);
    } finally {
      if (stuck.exitCode === null && stuck.signalCode === null) stuck.kill('SIGKILL');
      await restarted?.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      connection.disconnect();
    }
  }, 60_000);
});
