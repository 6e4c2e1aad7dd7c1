import { ANCHOR_QUEUE } from '@eseal/worker';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { AnchorNudge } from '../usecases/signing/signing-deps';

const NUDGE_JOB_ID = 'anchor-pending';
/** The safety net kept in Redis before, replaced by this process's own timer; removed where it is left. */
const LEGACY_SCHEDULER_ID = 'anchor-sweep';

/**
 * Producer side of the anchor queue. Every signing nudges one delayed job (a fixed job id, so a burst
 * of signings collapses into one run that batches them all), and a timer of this process nudges every
 * few seconds as the safety net for nudges that were lost, fell on a running job, or on a failed run.
 * The safety net lives in the process, not in Redis: a Redis restart may lose its last writes (the
 * append-only file is synced once a second), and a scheduler whose next run was lost never runs
 * again. The job carries no records: the anchoring outbox in the record store is the truth.
 */
export class BullAnchorQueue implements AnchorNudge {
  readonly #connection: Redis;
  readonly #queue: Queue;
  readonly #debounceMs: number;
  readonly #sweep: NodeJS.Timeout;
  #lastNudge = 0;
  readonly #data: { v: 1; maxBatch: number };
  /** Resolves once the global concurrency is registered. */
  readonly ready: Promise<void>;

  constructor(options: { redisUrl: string; prefix: string; debounceMs?: number; sweepEveryMs?: number; maxBatch?: number }) {
    this.#connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    this.#connection.on('error', () => undefined);
    this.#queue = new Queue(ANCHOR_QUEUE, { connection: this.#connection, prefix: options.prefix });
    this.#debounceMs = options.debounceMs ?? 500;
    this.#data = { v: 1, maxBatch: options.maxBatch ?? 1000 };
    // One anchor run at a time across every worker process: runs take the oldest pending records
    // without claiming them (FerretDB v1 has no atomic conditional update), so overlapping runs
    // would batch the same records twice and the ledger would refuse the second batch.
    this.ready = this.#queue
      .setGlobalConcurrency(1)
      .then(() => this.#queue.removeJobScheduler(LEGACY_SCHEDULER_ID))
      .then(() => undefined);
    this.ready.catch(() => undefined);
    this.#sweep = setInterval(() => void this.#sweepNudge(), options.sweepEveryMs ?? 5000);
    this.#sweep.unref();
  }

  recordsWritten(): void {
    // One nudge per debounce window is enough: the delayed job picks up everything written meanwhile.
    const now = Date.now();
    if (now - this.#lastNudge < this.#debounceMs) return;
    this.#lastNudge = now;
    this.#nudge(this.#debounceMs);
  }

  /**
   * The safety net's nudge. A run that failed or completed but is still kept under the nudge's id
   * (left by an older version, which kept failed runs, or by a removal a Redis restart lost) would make
   * every nudge a duplicate: it is removed first.
   */
  async #sweepNudge(): Promise<void> {
    try {
      const kept = await this.#queue.getJob(NUDGE_JOB_ID);
      if (kept && ((await kept.isFailed()) || (await kept.isCompleted()))) await kept.remove();
    } catch {
      // Redis away: the next sweep tries again.
    }
    this.#nudge(0);
  }

  #nudge(delay: number): void {
    // Fire and forget: a lost nudge only delays anchoring until the next sweep. A failed run is not
    // kept (removeOnFail): kept under the fixed id, it would make every later nudge a duplicate.
    this.#queue
      .add('anchor', this.#data, { jobId: NUDGE_JOB_ID, delay, removeOnComplete: true, removeOnFail: true })
      .catch(() => undefined);
  }

  /** Jobs by state, for /metrics. */
  jobCounts(): Promise<Record<string, number>> {
    return this.#queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
  }

  async close(): Promise<void> {
    clearInterval(this.#sweep);
    await this.ready.catch(() => undefined);
    await this.#queue.close();
    await this.#connection.quit().catch(() => this.#connection.disconnect());
  }
}
