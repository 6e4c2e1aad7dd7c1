/**
 * Stores that die or hang under a running service, against real processes of their own: the caller
 * is told 503 DEPENDENCY_UNAVAILABLE (retry later), never 500, and /health reads "down" in time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFerretDB, startRedis, type RunningService } from '../../scripts/src/local-services';
import { runProbes } from '../../server/src/http/health';
import { statusOf } from '../../server/src/http/error-status';
import { toSealError } from '../../server/src/http/to-seal-error';
import { connectMongo, mongoHealthProbe } from '../../server/src/infra/mongo';
import { closeRedis, connectRedis } from '../../server/src/infra/redis';
import { BullFilingQueue } from '../../server/src/composition/filing-queue';
import { FERRETDB_SQLITE_CONNECTIONS } from '../../server/src/store';

async function thrownBy(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected the store call to fail');
}

describe('a store that dies or hangs', () => {
  let dataDir: string;
  let service: RunningService | undefined;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eseal-store-outage-'));
  });
  afterEach(async () => {
    await service?.stop();
    service = undefined;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a killed FerretDB surfaces as 503 DEPENDENCY_UNAVAILABLE naming the record store', async () => {
    service = await startFerretDB({ dataDir });
    const connection = await connectMongo(`${service.url}outage`, { serverSelectionTimeoutMS: 1_000 });
    try {
      await connection.db!.collection('docs').insertOne({ _id: 'a' } as never);
      process.kill(service.pid, 'SIGKILL');
      await service.exited;
      const thrown = await thrownBy(() => connection.db!.collection('docs').findOne({ _id: 'a' } as never));
      const mapped = toSealError(thrown);
      expect(mapped.code).toBe('DEPENDENCY_UNAVAILABLE');
      expect(statusOf(mapped.code)).toBe(503);
      // Usually the driver's own error; a write racing the close can surface as the bare socket error.
      expect(['mongodb', 'network']).toContain((mapped.details as { dependency: string }).dependency);
      expect(mapped.message).not.toMatch(/127\.0\.0\.1|:\d{2,5}/);
    } finally {
      await connection.close(true).catch(() => undefined);
    }
  }, 30_000);

  it('a killed Redis surfaces as 503 DEPENDENCY_UNAVAILABLE naming the queue store', async () => {
    service = await startRedis({ dataDir, persist: false });
    const client = await connectRedis(service.url);
    try {
      process.kill(service.pid, 'SIGKILL');
      await service.exited;
      const mapped = toSealError(await thrownBy(() => client.get('anything')));
      expect(mapped.code).toBe('DEPENDENCY_UNAVAILABLE');
      expect(statusOf(mapped.code)).toBe(503);
      expect(mapped.details).toEqual({ dependency: 'redis' });
    } finally {
      await closeRedis(client);
    }
  }, 30_000);

  it('a queue producer fails at once while Redis is down, instead of holding the request until it is back', async () => {
    service = await startRedis({ dataDir, persist: false });
    const filings = new BullFilingQueue({ redisUrl: service.url, prefix: 'outage' });
    try {
      await filings.enqueue('filing_before');
      process.kill(service.pid, 'SIGKILL');
      await service.exited;
      const outcome = await Promise.race([
        filings.enqueue('filing_during').then(
          () => 'stored',
          (error: unknown) => toSealError(error).code,
        ),
        new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5_000)),
      ]);
      expect(outcome).toBe('DEPENDENCY_UNAVAILABLE');
    } finally {
      await filings.close().catch(() => undefined);
    }
  }, 30_000);

  it('/health reads a deadlocked FerretDB as down within its deadline, though FerretDB still answers ping', async () => {
    service = await startFerretDB({ dataDir });
    const connection = await connectMongo(`${service.url}hung`);
    try {
      const docs = connection.db!.collection<{ _id: string; n: number }>('docs');
      expect((await runProbes([mongoHealthProbe(connection)], { timeoutMs: 1_000 })).status).toBe('up');
      await docs.insertMany(Array.from({ length: FERRETDB_SQLITE_CONNECTIONS }, (_, n) => ({ _id: `d${n}`, n })));
      // One command of 100 statements takes every SQLite connection FerretDB has, for good.
      void docs
        .bulkWrite(
          Array.from({ length: FERRETDB_SQLITE_CONNECTIONS }, (_, n) => ({
            updateOne: { filter: { _id: `d${n}` }, update: { $set: { n: -n } } },
          })),
          { ordered: false },
        )
        .catch(() => undefined);
      // Give the command time to take every connection, on a loaded machine too.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await expect(connection.db!.admin().command({ ping: 1 })).resolves.toMatchObject({ ok: 1 });
      const report = await runProbes([mongoHealthProbe(connection)], { timeoutMs: 1_000 });
      expect(report).toMatchObject({
        status: 'down',
        dependencies: [{ name: 'mongodb', status: 'down', error: 'no answer within 1000 ms' }],
      });
    } finally {
      await connection.close(true).catch(() => undefined);
    }
  }, 30_000);
});
