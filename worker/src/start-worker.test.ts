import { randomUUID } from 'node:crypto';
import { Job, Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import type { ProcessorFactory } from './job-processor';
import { startWorker, type RunningWorker } from './start-worker';

function redisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: the jest global setup (test/support) must start Redis');
  return url;
}

const silent = pino({ level: 'silent' });

/** A fresh prefix per test keeps queues apart, as bullmq's own tests do. */
function freshPrefix(): string {
  return `test-${randomUUID().slice(0, 8)}`;
}

/** Resolvable from outside: lets a test hold a job mid-flight. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('startWorker', () => {
  const toClose: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const close of toClose.splice(0).reverse()) await close();
  });

  async function queueFor(prefix: string, name: string) {
    const connection = new Redis(redisUrl(), { maxRetriesPerRequest: null });
    const queue = new Queue(name, { connection, prefix });
    const events = new QueueEvents(name, { connection: { url: redisUrl() } as never, prefix });
    await events.waitUntilReady();
    toClose.push(async () => {
      await queue.obliterate({ force: true });
      await queue.close();
      await events.close();
      await connection.quit();
    });
    return { queue, events };
  }

  function track(worker: RunningWorker): RunningWorker {
    toClose.push(() => worker.close());
    return worker;
  }

  it('runs registered processors on parsed payloads', async () => {
    const prefix = freshPrefix();
    const seen: number[] = [];
    const doubler: ProcessorFactory = () => ({
      queue: 'double',
      parse: (data) => {
        const value = (data as { value?: unknown }).value;
        if (typeof value !== 'number') throw new Error('value must be a number');
        return value;
      },
      process: async (value: number) => {
        seen.push(value);
        return value * 2;
      },
    });
    const worker = track(await startWorker({ redisUrl: redisUrl(), queuePrefix: prefix }, { processors: [doubler], logger: silent }));
    expect(worker.queues).toEqual(['double']);

    const { queue, events } = await queueFor(prefix, 'double');
    const job = await queue.add('x', { value: 21 });
    await expect(job.waitUntilFinished(events, 10_000)).resolves.toBe(42);
    expect(seen).toEqual([21]);
  });

  it('fails a bad payload without retrying and without running the work', async () => {
    const prefix = freshPrefix();
    let processed = 0;
    const strict: ProcessorFactory = () => ({
      queue: 'strict',
      parse: () => {
        throw new Error('payload version 9 is unknown');
      },
      process: async () => {
        processed += 1;
      },
    });
    track(await startWorker({ redisUrl: redisUrl(), queuePrefix: prefix }, { processors: [strict], logger: silent }));
    const { queue, events } = await queueFor(prefix, 'strict');
    const job = await queue.add('x', { v: 9 }, { attempts: 5, backoff: { type: 'fixed', delay: 10 } });
    await expect(job.waitUntilFinished(events, 10_000)).rejects.toThrow(/invalid payload for queue strict: payload version 9/);
    const stored = (await Job.fromId(queue, job.id!))!;
    expect(stored.attemptsMade).toBe(1);
    expect(processed).toBe(0);
  });

  it('lets a running job finish before close resolves', async () => {
    const prefix = freshPrefix();
    const started = gate();
    const release = gate();
    const slow: ProcessorFactory = () => ({
      queue: 'slow',
      parse: (data) => data,
      process: async () => {
        started.open();
        await release.opened;
        return 'done';
      },
    });
    const worker = await startWorker({ redisUrl: redisUrl(), queuePrefix: prefix }, { processors: [slow], logger: silent });
    const { queue } = await queueFor(prefix, 'slow');
    const job = await queue.add('x', {});
    await started.opened;

    let closed = false;
    const closing = worker.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(closed).toBe(false);
    release.open();
    await closing;
    expect(await (await Job.fromId(queue, job.id!))!.getState()).toBe('completed');
    await expect(worker.close()).resolves.toBeUndefined();
  });

  it('refuses two processors for one queue', async () => {
    const twin: ProcessorFactory = () => ({ queue: 'twin', parse: (d) => d, process: async () => undefined });
    await expect(
      startWorker({ redisUrl: redisUrl(), queuePrefix: freshPrefix() }, { processors: [twin, twin], logger: silent }),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('twin') });
  });

  it('fails start-up with a coded error when Redis is unreachable', async () => {
    await expect(
      startWorker({ redisUrl: 'redis://127.0.0.1:1', queuePrefix: freshPrefix() }, { processors: [], logger: silent }),
    ).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
  });

  it('starts and closes with no processors', async () => {
    const worker = await startWorker({ redisUrl: redisUrl(), queuePrefix: freshPrefix() }, { processors: [], logger: silent });
    await worker.close();
  });
});
