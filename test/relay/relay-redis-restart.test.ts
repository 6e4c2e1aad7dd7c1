/**
 * The relay across a Redis restart: Redis is SIGKILLed while relay jobs wait out a court chain
 * that answers 503, and started again on the same port and data. With the append-only file on (as
 * the local Redis runs under `npm start`) the jobs are still there, the two relay worker processes
 * reconnect, and once the court chain answers every item is recorded there, each submitted once
 * (the simulator counts submissions per evidence id; a 503 is refused before it counts).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Sm2PrivateKey } from '@eseal/core';
import { MongoRelayStore, relayModel } from '@eseal/server';
import { BullRelayQueue, RelayDispatcher, SILENT_RELAY_OBSERVER, batchEvidence, relayIdFor, relayQueueName } from '@eseal/worker';
import { findFreePort, startRedis, type RunningService } from '../../scripts/src/local-services';
import { connectSuiteMongoose, suiteDatabaseUri, suiteQueuePrefix, type SuiteMongo } from '../support/env';
import { spawnCourtChain, type CourtChainProcess } from './support/court-chain-process';
import { spawnRelayWorker, type RelayWorkerProcess } from './support/relay-worker';

jest.setTimeout(240_000);

const ADAPTER = 'court-sim';
const ITEMS = 30;
const clientKey = Sm2PrivateKey.generate();
const prefix = suiteQueuePrefix();
let dataDir: string;
let redisPort: number;
let redis: RunningService;
let court: CourtChainProcess;
let mongo: SuiteMongo;
let store: MongoRelayStore;
let connection: IORedis;
let queue: BullRelayQueue;
let workers: RelayWorkerProcess[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(200);
  }
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-redis-restart-'));
  redisPort = await findFreePort();
  redis = await startRedis({ dataDir, port: redisPort, persist: true });
  court = await spawnCourtChain(path.join(dataDir, 'court'), {
    clients: [['eseal-test', Buffer.from(clientKey.publicKey.point).toString('hex')]],
  });
  mongo = await connectSuiteMongoose();
  store = new MongoRelayStore(relayModel(mongo.connection));
  await store.ensureCollections();
  connection = new IORedis(redis.url, { maxRetriesPerRequest: null });
  queue = new BullRelayQueue(connection, prefix, { attempts: 40, backoffMs: 100 });
  const workerEnv = {
    MONGODB_URI: suiteDatabaseUri(),
    REDIS_URL: redis.url,
    QUEUE_PREFIX: prefix,
    COURT_CHAINS: JSON.stringify([
      { id: ADAPTER, type: 'http', url: court.url, appId: 'eseal-test', publicKey: court.publicKeyHex, timeoutMs: 5000, concurrency: 8 },
    ]),
    RELAY_CLIENT_KEY: Buffer.from(clientKey.bytes()).toString('hex'),
    LOCK_MS: '5000',
  };
  workers = await Promise.all([spawnRelayWorker(workerEnv), spawnRelayWorker(workerEnv)]);
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await queue?.close();
  connection?.disconnect();
  await court?.stop();
  await redis?.stop();
  await mongo?.cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('keeps the relay jobs through a SIGKILL of Redis and relays every item to the court chain once', async () => {
  await court.armFault({ mode: '5xx', status: 503, count: 100_000 });
  const items = Array.from({ length: ITEMS }, () =>
    batchEvidence({
      batchId: `batch_${randomBytes(20).toString('hex')}`,
      root: randomBytes(32).toString('hex'),
      entryCount: 1 + (randomBytes(1)[0]! % 50),
      transactionId: randomBytes(32).toString('hex'),
      at: new Date(),
    }),
  );
  const dispatcher = new RelayDispatcher([{ id: ADAPTER, digestAlgorithm: 'SM3' }], store, queue, SILENT_RELAY_OBSERVER);
  for (const item of items) await dispatcher.relay(item);
  const relayIds = items.map((i) => relayIdFor(i.evidenceId, ADAPTER));
  // Every job has been tried and is waiting to be tried again: the state Redis must keep.
  await until('every relay failed once', async () =>
    (await Promise.all(relayIds.map((id) => store.load(id)))).every((r) => (r?.attempts ?? 0) > 0),
  );

  process.kill(redis.pid, 'SIGKILL');
  await redis.exited;
  redis = await startRedis({ dataDir, port: redisPort, persist: true });

  const inspector = connection.duplicate();
  const bull = new Queue(relayQueueName(ADAPTER), { connection: inspector, prefix });
  try {
    const states = await Promise.all(relayIds.map(async (id) => (await bull.getJob(id))?.getState() ?? 'lost'));
    expect(states.filter((s) => !['waiting', 'delayed', 'active', 'prioritized'].includes(s))).toEqual([]);
  } finally {
    await bull.close();
    inspector.disconnect();
  }

  await court.clearFaults();
  // Generous: relays that failed for a while wait out an exponential backoff (tens of seconds) before their next try.
  await until(
    'every relay is confirmed',
    async () => (await Promise.all(relayIds.map((id) => store.load(id)))).every((r) => r?.state === 'CONFIRMED'),
    150_000,
  ).catch(async (error: Error) => {
    const relays = await Promise.all(relayIds.map((id) => store.load(id)));
    const open = relays.filter((r) => r?.state !== 'CONFIRMED').map((r) => [r?.relayId, r?.state, r?.attempts, r?.lastError]);
    const bull = new Queue(relayQueueName(ADAPTER), { connection: connection.duplicate(), prefix });
    const jobs = await Promise.all(
      open.map(async ([id]) => {
        const job = await bull.getJob(String(id));
        return [id, await job?.getState(), job?.attemptsMade, job?.failedReason];
      }),
    );
    await bull.close();
    throw new Error(`${error.message}: ${JSON.stringify(open)} jobs ${JSON.stringify(jobs)}`);
  });
  const stats = await court.stats();
  expect(items.map((i) => stats.submissions[i.evidenceId])).toEqual(items.map(() => 1));
  expect(stats.records).toBe(ITEMS);
});
