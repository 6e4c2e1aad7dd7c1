/**
 * The relay under faults, with real parts: Redis, FerretDB, the court-chain simulator process and
 * two relay worker processes sharing the queues. Exactly-once is judged by the simulator, which
 * counts submissions and records per evidence id.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Sm2PrivateKey } from '@eseal/core';
import { MongoRelayStore, relayModel, retryRelay } from '@eseal/server';
import {
  BullRelayQueue,
  RelayDispatcher,
  SILENT_RELAY_OBSERVER,
  batchEvidence,
  relayIdFor,
  relayQueueName,
  type RelayState,
} from '@eseal/worker';
import { runCli } from '../../server/src/cli/run-cli';
import { connectSuiteMongoose, connectSuiteRedis, suiteServiceEnv, type SuiteMongo, type SuiteRedis } from '../support/env';
import { spawnCourtChain, type CourtChainProcess } from './support/court-chain-process';
import { spawnRelayWorker, type RelayWorkerProcess } from './support/relay-worker';

jest.setTimeout(90_000);

const ADAPTER = 'court-sim';
const clientKey = Sm2PrivateKey.generate();
let dataDir: string;
let court: CourtChainProcess;
let mongo: SuiteMongo;
let redis: SuiteRedis;
let store: MongoRelayStore;
let queue: BullRelayQueue;
let dispatcher: RelayDispatcher;
let workers: RelayWorkerProcess[] = [];
let workerEnv: Record<string, string>;
const connections: Array<ReturnType<SuiteRedis['redis']['duplicate']>> = [];
/** A BullMQ-ready connection of this suite, closed in afterAll. */
const queueConnection = () => {
  const connection = redis.redis.duplicate({ maxRetriesPerRequest: null, lazyConnect: false });
  connections.push(connection);
  return connection;
};

/** The `seal` CLI against this suite's stores, as an operator would run it. */
async function seal(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    cwd: dataDir,
    env: { ...suiteServiceEnv(), SERVER_KEK: '42'.repeat(32), DATA_DIR: dataDir },
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function newBatch() {
  const batchId = `batch_${randomBytes(20).toString('hex')}`;
  return batchEvidence({
    batchId,
    root: randomBytes(32).toString('hex'),
    entryCount: 1 + (randomBytes(1)[0]! % 50),
    transactionId: randomBytes(32).toString('hex'),
    at: new Date(),
  });
}

async function waitForStates(relayIds: string[], states: RelayState[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const relays = await Promise.all(relayIds.map((id) => store.load(id)));
    if (relays.every((r) => r && states.includes(r.state))) return;
    if (Date.now() > deadline)
      throw new Error(`relays not ${states.join('/')}: ${JSON.stringify(relays.map((r) => [r?.relayId, r?.state, r?.lastError]))}`);
    await sleep(200);
  }
}

async function startWorkers(count: number): Promise<void> {
  workers = await Promise.all(Array.from({ length: count }, () => spawnRelayWorker(workerEnv)));
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-faults-'));
  court = await spawnCourtChain(dataDir, { clients: [['eseal-test', Buffer.from(clientKey.publicKey.point).toString('hex')]] });
  mongo = await connectSuiteMongoose();
  redis = await connectSuiteRedis();
  store = new MongoRelayStore(relayModel(mongo.connection));
  await store.ensureCollections();
  queue = new BullRelayQueue(queueConnection(), redis.prefix, { attempts: 30, backoffMs: 100 });
  dispatcher = new RelayDispatcher([{ id: ADAPTER, digestAlgorithm: 'SM3' }], store, queue, SILENT_RELAY_OBSERVER);
  const env = suiteServiceEnv();
  workerEnv = {
    ...env,
    COURT_CHAINS: JSON.stringify([
      { id: ADAPTER, type: 'http', url: court.url, appId: 'eseal-test', publicKey: court.publicKeyHex, timeoutMs: 5000, concurrency: 8 },
    ]),
    RELAY_CLIENT_KEY: Buffer.from(clientKey.bytes()).toString('hex'),
    // Short enough that a killed worker's job is taken up within the test, long enough that a loaded machine's live job keeps its lock.
    LOCK_MS: '5000',
  };
  await startWorkers(2);
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await queue?.close();
  await Promise.all(connections.map((c) => c.quit()));
  await court?.stop();
  await redis?.cleanup();
  await mongo?.cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('relay to a court chain, with faults', () => {
  it('relays everything exactly once while the court chain is down for a while, with two workers', async () => {
    await court.armFault({ mode: 'down', durationMs: 3000 });
    await sleep(100);
    const items = Array.from({ length: 40 }, newBatch);
    // Dispatched twice, as two ledger-event consumers would: the second is a no-op.
    for (const item of items) await dispatcher.relay(item);
    for (const item of items) await dispatcher.relay(item);
    const relayIds = items.map((i) => relayIdFor(i.evidenceId, ADAPTER));
    await waitForStates(relayIds, ['CONFIRMED']);
    const stats = await court.stats();
    for (const item of items) expect(stats.submissions[item.evidenceId]).toBe(1);
    const relays = await Promise.all(relayIds.map((id) => store.load(id)));
    for (const relay of relays) expect(relay?.receipt?.evidenceId).toBe(relay?.evidence.evidenceId);
    // The outage did bite: some relays failed first and were retried.
    expect(relays.some((r) => (r?.attempts ?? 0) > 0)).toBe(true);
  });

  it('relays a backlog dispatched in groups exactly once, also a relay its group finds confirmed already', async () => {
    const items = Array.from({ length: 30 }, newBatch);
    const relayIds = items.map((i) => relayIdFor(i.evidenceId, ADAPTER));
    // One of them relayed on its own first: its group's first run reads it as dispatched (PENDING),
    // finds its submission claim taken, and takes the stored state instead of submitting again.
    await dispatcher.relay(items[7]!);
    await waitForStates([relayIds[7]!], ['CONFIRMED']);
    await dispatcher.relayAll(items);
    await dispatcher.relayAll(items);
    await waitForStates(relayIds, ['CONFIRMED']);
    const stats = await court.stats();
    for (const item of items) expect(stats.submissions[item.evidenceId]).toBe(1);
    const relays = await store.loadAll(relayIds);
    for (const id of relayIds)
      expect(relays.get(id)).toMatchObject({ state: 'CONFIRMED', receipt: { evidenceId: relays.get(id)!.evidence.evidenceId } });
  });

  it('a worker killed mid-job loses nothing and the court records the evidence once', async () => {
    const before = await court.stats();
    // The court records the evidence, then holds its answer: the kill lands between its write and ours.
    await court.armFault({ mode: 'slow', delayMs: 4000 });
    const item = newBatch();
    await dispatcher.relay(item);
    const deadline = Date.now() + 20_000;
    while (!(await court.stats()).submissions[item.evidenceId]) {
      if (Date.now() > deadline) throw new Error('the submission never reached the court');
      await sleep(50);
    }
    await Promise.all(workers.map((w) => w.kill()));
    await startWorkers(2);
    const relayId = relayIdFor(item.evidenceId, ADAPTER);
    await waitForStates([relayId], ['CONFIRMED']);
    const after = await court.stats();
    // Sent once: the job came back under the same attempt, whose submission claim the dead worker
    // holds, so the new worker asked the court for its receipt by evidence id instead of submitting.
    expect(after.submissions[item.evidenceId]).toBe(1);
    expect(after.records).toBe(before.records + 1);
    expect(after.repeats).toBe(before.repeats);
  });

  it('a receipt with a bad signature is rejected, visible, and not retried', async () => {
    await court.armFault({ mode: 'bad-receipt-signature' });
    const item = newBatch();
    await dispatcher.relay(item);
    const relayId = relayIdFor(item.evidenceId, ADAPTER);
    await waitForStates([relayId], ['REJECTED']);
    const relay = await store.load(relayId);
    expect(relay?.lastError).toMatch(/^COURT_RECEIPT_INVALID/);
    expect(relay?.receipt).toBeUndefined();
    const bull = new Queue(relayQueueName(ADAPTER), { connection: queueConnection(), prefix: redis.prefix });
    try {
      // The relay is stored REJECTED inside the job, which BullMQ moves to failed a moment later.
      const deadline = Date.now() + 20_000;
      while ((await (await bull.getJob(relayId))?.getState()) !== 'failed' && Date.now() < deadline) await sleep(50);
      const job = await bull.getJob(relayId);
      expect(await job?.getState()).toBe('failed');
      expect(job?.attemptsMade).toBe(1);
    } finally {
      await bull.close();
    }
    expect((await court.stats()).submissions[item.evidenceId]).toBe(1);
    await expect(retryRelay({ store, queue }, relayId)).rejects.toMatchObject({ code: 'RELAY_NOT_RETRYABLE' });
  });

  it('a relay that runs out of attempts is a dead letter, and `seal relay retry` relays it', async () => {
    const shortQueue = new BullRelayQueue(queueConnection(), redis.prefix, { attempts: 2, backoffMs: 50 });
    try {
      await court.armFault({ mode: '5xx', status: 503, count: 2 });
      const item = newBatch();
      await new RelayDispatcher([{ id: ADAPTER, digestAlgorithm: 'SM3' }], store, shortQueue, SILENT_RELAY_OBSERVER).relay(item);
      const relayId = relayIdFor(item.evidenceId, ADAPTER);
      await waitForStates([relayId], ['DEAD']);
      expect((await store.load(relayId))?.lastError).toMatch(/^UPSTREAM_UNAVAILABLE/);
      const dead = await seal(['relay', 'list', '--state', 'DEAD']);
      expect(dead.code).toBe(0);
      expect(dead.stdout).toContain(`${relayId}  DEAD  attempts 2`);
      expect(dead.stdout).toContain('error: UPSTREAM_UNAVAILABLE');
      const retried = await seal(['relay', 'retry', relayId]);
      expect(retried).toMatchObject({ code: 0, stdout: expect.stringContaining(`${relayId}  PENDING`) });
      await waitForStates([relayId], ['CONFIRMED']);
      expect((await court.stats()).submissions[item.evidenceId]).toBe(1);
      expect(await seal(['relay', 'retry', relayId])).toMatchObject({ code: 1, stderr: expect.stringContaining('RELAY_NOT_RETRYABLE') });
    } finally {
      await shortQueue.close();
    }
  });
});
