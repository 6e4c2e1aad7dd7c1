/**
 * Exactly once when a job's lock lapses: a relay worker process whose event loop stalls (a machine
 * under heavy load) stops renewing its job lock, BullMQ hands the job to a second worker process,
 * and the first one wakes up later and carries on with the relay it had loaded. Only one of the two
 * may submit: the court chain simulator counts submissions per evidence id. The stall is made on
 * command (the worker blocks until the test releases it), so the interleaving is the same every run.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Sm2PrivateKey } from '@eseal/core';
import { MongoRelayStore, relayModel } from '@eseal/server';
import { BullRelayQueue, RelayDispatcher, SILENT_RELAY_OBSERVER, batchEvidence, relayIdFor, type RelayState } from '@eseal/worker';
import { connectSuiteMongoose, connectSuiteRedis, suiteServiceEnv, type SuiteMongo, type SuiteRedis } from '../support/env';
import { spawnCourtChain, type CourtChainProcess } from './support/court-chain-process';
import { spawnRelayWorker, type RelayWorkerProcess } from './support/relay-worker';

jest.setTimeout(120_000);

const ADAPTER = 'court-sim';
const clientKey = Sm2PrivateKey.generate();
let dataDir: string;
let court: CourtChainProcess;
let mongo: SuiteMongo;
let redis: SuiteRedis;
let store: MongoRelayStore;
let queue: BullRelayQueue;
let dispatcher: RelayDispatcher;
const workers: RelayWorkerProcess[] = [];
let connection: ReturnType<SuiteRedis['redis']['duplicate']>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(50);
  }
}

function newBatch() {
  return batchEvidence({
    batchId: `batch_${randomBytes(20).toString('hex')}`,
    root: randomBytes(32).toString('hex'),
    entryCount: 7,
    transactionId: randomBytes(32).toString('hex'),
    at: new Date(),
  });
}

async function stateOf(relayId: string): Promise<RelayState | undefined> {
  return (await store.load(relayId))?.state;
}

function workerEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...suiteServiceEnv(),
    COURT_CHAINS: JSON.stringify([
      { id: ADAPTER, type: 'http', url: court.url, appId: 'eseal-test', publicKey: court.publicKeyHex, timeoutMs: 5000, concurrency: 4 },
    ]),
    RELAY_CLIENT_KEY: Buffer.from(clientKey.bytes()).toString('hex'),
    // Short, so the stalled worker's lock lapses within the test.
    LOCK_MS: '1000',
    ...extra,
  };
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-lock-expiry-'));
  court = await spawnCourtChain(path.join(dataDir, 'court'), {
    clients: [['eseal-test', Buffer.from(clientKey.publicKey.point).toString('hex')]],
  });
  mongo = await connectSuiteMongoose();
  redis = await connectSuiteRedis();
  store = new MongoRelayStore(relayModel(mongo.connection));
  await store.ensureCollections();
  connection = redis.redis.duplicate({ maxRetriesPerRequest: null, lazyConnect: false });
  queue = new BullRelayQueue(connection, redis.prefix, { attempts: 10, backoffMs: 100 });
  dispatcher = new RelayDispatcher([{ id: ADAPTER, digestAlgorithm: 'SM3' }], store, queue, SILENT_RELAY_OBSERVER);
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await queue?.close();
  await connection?.quit();
  await court?.stop();
  await redis?.cleanup();
  await mongo?.cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('relay exactly once with two workers when a job lock lapses', () => {
  it('the worker that stalled after loading the relay does not submit it again once another worker has', async () => {
    const stallDir = path.join(dataDir, 'stall');
    fs.mkdirSync(stallDir);
    const marker = (name: string) => path.join(stallDir, name);
    const stalling = await spawnRelayWorker(workerEnv({ RELAY_STALL_DIR: stallDir }));
    workers.push(stalling);
    const item = newBatch();
    const relayId = relayIdFor(item.evidenceId, ADAPTER);
    const before = await court.stats();
    await dispatcher.relay(item);

    // The only worker takes the job, loads the relay and stalls: nothing reaches the court.
    await until('the first worker stalls', () => fs.existsSync(marker('stalled')));
    expect(fs.readFileSync(marker('stalled'), 'utf8')).toBe(relayId);
    // Its lock lapses; the second worker's stalled-job check hands it the job, and it relays it.
    workers.push(await spawnRelayWorker(workerEnv()));
    await until('the second worker confirms the relay', async () => (await stateOf(relayId)) === 'CONFIRMED');
    expect((await court.stats()).submissions[item.evidenceId]).toBe(1);

    // The first worker wakes up with the relay it loaded before (PENDING, no receipt) and finishes its run.
    fs.writeFileSync(marker('release'), '');
    await until('the stalled run ends', () => fs.existsSync(marker('finished')));

    const after = await court.stats();
    expect(after.submissions[item.evidenceId]).toBe(1);
    expect(after.records).toBe(before.records + 1);
    const relay = await store.load(relayId);
    expect(relay).toMatchObject({ state: 'CONFIRMED', receipt: { evidenceId: item.evidenceId } });
  });

  it('an answer lost to a timeout is resubmitted by the next attempt, and the court repeating its first receipt counts as success', async () => {
    // The 1 s lock of the first test would let a late lock renewal on a loaded machine hand this
    // long-running job to the other worker, which then asks for the receipt instead of submitting
    // again. This test is about timeouts, not lapsed locks: one worker, with a lock that survives load.
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    workers.push(await spawnRelayWorker(workerEnv({ LOCK_MS: '5000' })));
    // Recorded by the court, answered after the adapter's 5 s deadline: attempt 0 fails, attempt 1 submits again.
    await court.armFault({ mode: 'slow', delayMs: 6000 });
    const item = newBatch();
    const relayId = relayIdFor(item.evidenceId, ADAPTER);
    const before = await court.stats();
    await dispatcher.relay(item);
    await until('the relay is confirmed', async () => (await stateOf(relayId)) === 'CONFIRMED');
    const after = await court.stats();
    expect(after.submissions[item.evidenceId]).toBe(2);
    expect(after.records).toBe(before.records + 1);
    expect(after.repeats).toBe(before.repeats + 1);
    const relay = await store.load(relayId);
    expect(relay?.attempts).toBe(1);
    expect(relay?.lastError).toMatch(/^UPSTREAM_UNAVAILABLE/);
  });
});
