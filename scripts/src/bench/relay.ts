import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { Sm2PrivateKey, Sm2PublicKey } from '@eseal/core';
import { MongoRelayStore, createLogger, relayModel } from '@eseal/server';
import { MONGO_POOL_SIZE } from '@eseal/server/dist/store/ferretdb';
import {
  BullRelayQueue, DEFAULT_RELAY_CONCURRENCY, HttpCourtChain, MAX_RELAYS_PER_JOB, RelayDispatcher, batchEvidence, openQueueConnection, relayProcessors, startWorker, submissionFor,
  type RelayObserver,
} from '@eseal/worker';
import { startLocalServices } from '../local-services';
import { measureCpu, processesNaming } from './process-cpu';
import type { BenchModule, BenchResult } from './result';

/**
 * relay: anchored batches relayed per second through BullMQ to the local court-chain simulator, the
 * whole path (relay record in FerretDB, job in Redis, signed submission, checked receipt, confirmation
 * by transaction hash, state stored). Baseline: the simulator's own accept rate in the same run,
 * submissions sent straight at it with the same adapter and the same number in flight.
 *
 * relay.latency, relay.latency.p99: from the relay being created (the anchored batch's ledger event)
 * to the court's confirmed receipt, with the default batching (one ledger event per anchored batch, a
 * job per event, the default concurrency) at the rate the default anchor batching produces batches;
 * baseline: one direct submission's round trip. Before it, a signing waits for its anchor run (up to
 * the 500 ms debounce, then the ledger write): that part is not in these figures.
 */
const THROUGHPUT_RELAYS = 1000;
const IN_FLIGHT = 8;
/** Relay jobs at once in the worker: the default per court chain (COURT_CHAINS `concurrency`). */
const JOBS_IN_FLIGHT = DEFAULT_RELAY_CONCURRENCY;
/** Batches per dispatch in the throughput run: the dispatcher cuts them into jobs of MAX_RELAYS_PER_JOB. */
const DISPATCH_GROUP = 500;
/**
 * Anchored batches per second in the latency run: with the default batching the anchor job runs
 * 500 ms after the first signing of a window (the signing side's debounce), so under steady signing
 * one batch and its ledger event come about every half second.
 */
const LATENCY_RATE_PER_SECOND = 2;
const LATENCY_RELAYS = 40;
const TARGET_PER_SECOND = 1000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/**
 * The ledger-event consumer retries a failed dispatch from its checkpoint; the bench does the same in
 * place (FerretDB answers SQLITE_BUSY now and then when the machine is loaded).
 */
async function dispatchWithRetry(dispatcher: RelayDispatcher, items: ReadonlyArray<ReturnType<typeof newBatch>>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await dispatcher.relayAll(items);
      return;
    } catch (error) {
      if (attempt >= 10) throw error;
      await sleep(50 * attempt);
    }
  }
}

function newBatch() {
  return batchEvidence({ batchId: `batch_${randomBytes(20).toString('hex')}`, root: randomBytes(32).toString('hex'), entryCount: 1000, transactionId: randomBytes(32).toString('hex'), at: new Date() });
}

/** Counts confirmations and their latencies in process: the bench waits on it instead of polling the store. */
class CountingObserver implements RelayObserver {
  confirmedCount = 0;
  latenciesMs: number[] = [];
  queued(): void {}
  rejected(): void {}
  dead(): void {}
  confirmed(_adapter: string, seconds: number): void {
    this.confirmedCount += 1;
    this.latenciesMs.push(seconds * 1000);
  }
  async waitFor(count: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.confirmedCount < count) {
      if (Date.now() > deadline) throw new Error(`relay bench: ${this.confirmedCount}/${count} confirmed in ${timeoutMs} ms`);
      await sleep(5);
    }
  }
}

/** Submissions sent straight at the simulator, `group` per request (1: single submissions), IN_FLIGHT requests at once. */
async function directAcceptRate(adapter: HttpCourtChain, count: number, group: number): Promise<{ perSecond: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < count) {
      const size = Math.min(group, count - next);
      next += size;
      const t = performance.now();
      const evidence = Array.from({ length: size }, () => submissionFor(newBatch(), 'SM3'));
      const outcomes = group === 1 ? [{ receipt: await adapter.submit(evidence[0]!) }] : await adapter.submitMany(evidence);
      if (outcomes.some((o) => !('receipt' in o))) throw new Error('relay bench: the simulator refused a direct submission');
      latencies.push(performance.now() - t);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: count / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

export const relayBench: BenchModule = {
  name: 'relay',
  async run(): Promise<BenchResult[]> {
    const dataDir = mkdtempSync(join(tmpdir(), 'eseal-relay-bench-'));
    const clientKey = Sm2PrivateKey.generate();
    const local = await startLocalServices({
      dataDir, persistRedis: false, courtChain: { clients: [{ appId: 'bench', publicKeyHex: Buffer.from(clientKey.publicKey.point).toString('hex') }] },
    });
    // The service's pool size: FerretDB's SQLite connections are shared by every command in flight (write-limits.ts).
    const mongo = await mongoose.createConnection(`${local.mongodbUri}relaybench`, { maxPoolSize: MONGO_POOL_SIZE }).asPromise();
    const connection = await openQueueConnection(local.redisUrl!);
    const observer = new CountingObserver();
    const adapter = new HttpCourtChain({
      id: 'court-sim', baseUrl: local.courtChain!.url, appId: 'bench', clientKey,
      courtPublicKey: Sm2PublicKey.fromPoint(Buffer.from(local.courtChain!.publicKeyHex, 'hex')), digestAlgorithm: 'SM3', timeoutMs: 30_000,
    });
    const store = new MongoRelayStore(relayModel(mongo));
    // Created up front, as the server does at start-up: concurrent first inserts race on FerretDB's CREATE TABLE.
    await store.ensureCollections();
    const queue = new BullRelayQueue(connection, 'bench');
    const worker = await startWorker({ redisUrl: local.redisUrl!, queuePrefix: 'bench' }, {
      processors: relayProcessors({ store, observer, adapters: [{ adapter, limits: { concurrency: JOBS_IN_FLIGHT, ratePerSecond: 100_000 } }] }),
      logger: createLogger({ level: 'silent' }),
    });
    const dispatcher = new RelayDispatcher([adapter], store, queue, observer);
    try {
      await directAcceptRate(adapter, 1000, MAX_RELAYS_PER_JOB); // warm-up: keys, connections, JIT
      const direct = await directAcceptRate(adapter, THROUGHPUT_RELAYS, MAX_RELAYS_PER_JOB);
      const single = await directAcceptRate(adapter, 200, 1);

      const before0 = observer.confirmedCount;
      const items = Array.from({ length: THROUGHPUT_RELAYS }, newBatch);
      const cpu = measureCpu(processesNaming(dataDir));
      const started = performance.now();
      // A backlog (a court chain back after an outage, a replay of ledger events): dispatched in groups.
      for (let from = 0; from < items.length; from += DISPATCH_GROUP) await dispatchWithRetry(dispatcher, items.slice(from, from + DISPATCH_GROUP));
      await observer.waitFor(before0 + THROUGHPUT_RELAYS, 300_000);
      const seconds = (performance.now() - started) / 1000;
      const relayed = THROUGHPUT_RELAYS / seconds;
      // Where the time went: CPU seconds per process over the run's wall-clock seconds (2 cores shared with the rest of the machine).
      const split = cpu()
        .map((p) => `${p.name} ${round(p.seconds, 1)} s`)
        .join(', ');

      observer.latenciesMs = [];
      const before = observer.confirmedCount;
      const dispatches: Array<Promise<void>> = [];
      for (let i = 0; i < LATENCY_RELAYS; i++) {
        // One at a time, as the ledger-event consumer dispatches each anchored batch's event.
        dispatches.push(dispatchWithRetry(dispatcher, [newBatch()]));
        await sleep(1000 / LATENCY_RATE_PER_SECOND);
      }
      await Promise.all(dispatches);
      await observer.waitFor(before + LATENCY_RELAYS, 120_000);
      const latencies = [...observer.latenciesMs].sort((a, b) => a - b);
      const p50 = percentile(latencies, 50);
      const p99 = percentile(latencies, 99);
      return [
        {
          name: 'relay', value: round(relayed), unit: 'batches/s', baseline: { name: 'simulator accept rate', value: round(direct.perSecond) },
          ratio: round(relayed / direct.perSecond, 3),
          note: `${THROUGHPUT_RELAYS} batches in jobs of ${MAX_RELAYS_PER_JOB}, ${JOBS_IN_FLIGHT} jobs in flight, submit + confirm by tx hash each (baseline: the same batch requests straight at the simulator); target ${TARGET_PER_SECOND}/s absolute: ${relayed >= TARGET_PER_SECOND ? 'met' : 'NOT met'}; CPU in ${round(seconds, 1)} s: ${split}`,
        },
        {
          name: 'relay.latency', value: round(p50, 1), unit: 'ms p50', baseline: { name: 'direct submission p50', value: round(single.p50, 1) },
          ratio: round(single.p50 / p50, 3), note: `at ${LATENCY_RATE_PER_SECOND} batches/s, from the anchored batch's event to the confirmed receipt (submit, checked receipt, verify by tx hash, stored); before it a signing waits up to 500 ms for its anchor run`,
        },
        {
          name: 'relay.latency.p99', value: round(p99, 1), unit: 'ms p99', baseline: { name: 'direct submission p99', value: round(single.p99, 1) },
          ratio: round(single.p99 / p99, 3), note: `${LATENCY_RELAYS} batches at ${LATENCY_RATE_PER_SECOND}/s`,
        },
      ];
    } finally {
      await worker.close();
      await queue.close();
      await connection.quit().catch(() => connection.disconnect());
      await mongo.close();
      await local.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
