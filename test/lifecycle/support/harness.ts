import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Express } from 'express';
import { createApp } from '../../../server/src/app';
import type { AppConfig } from '../../../server/src/config/app-config';
import { Secret } from '../../../server/src/config/secret';
import { createServices, type Services, type ServicesOptions } from '../../../server/src/composition';
import { createLogger } from '../../../server/src/observability/logger';
import { connectSuiteMongoose, suiteQueuePrefix, testRedisUrl, type SuiteMongo } from '../../support/env';
import { startWorker, type RunningWorker } from '../../../worker/src/start-worker';
import { filingProcessor } from '../../../worker/src/filing';
import { testCallerGuard } from './test-caller-guard';

export interface Harness {
  readonly services: Services;
  readonly app: Express;
  readonly config: AppConfig;
  startFilingWorker(): Promise<RunningWorker>;
  close(): Promise<void>;
}

/**
 * Real services for one suite: its own FerretDB database and Redis prefix, an embedded ledger in a
 * temp directory, an in-memory development CA, and a cheap PIN KDF so tests stay fast.
 */
export async function startHarness(options: ServicesOptions = {}): Promise<Harness> {
  const mongo: SuiteMongo = await connectSuiteMongoose();
  const dataDir = mkdtempSync(join(tmpdir(), 'eseal-lifecycle-'));
  const config: AppConfig = {
    port: 0,
    host: '127.0.0.1',
    mongodbUri: 'mongodb://unused',
    redisUrl: testRedisUrl(),
    dataDir,
    ledger: 'embedded',
    logLevel: 'silent',
    bodyLimitBytes: 1024 * 1024,
    serverKek: new Secret(Buffer.alloc(32, 9)),
    queuePrefix: suiteQueuePrefix(),
  };
  const services = await createServices(config, {
    mongo: mongo.connection,
    logger: createLogger({ level: 'silent' }),
    ledger: { ledger: 'embedded', dataDir: join(dataDir, 'ledger'), durable: false },
    ephemeralCa: true,
    engraving: null,
    pinKdf: { log2N: 10, r: 8, p: 1 },
    filingBackoffMs: 100,
    ...options,
    // Uploaded PDFs are verified by one worker thread, as in production, whatever the machine's cores.
    env: { VERIFY_THREADS: '1', ...options.env },
  });
  const app = createApp({
    logger: createLogger({ level: 'silent' }),
    bodyLimitBytes: config.bodyLimitBytes,
    probes: services.probes,
    apiModules: services.apiModules,
    routeGuard: testCallerGuard,
  });
  const workers: RunningWorker[] = [];
  return {
    services,
    app,
    config,
    async startFilingWorker() {
      const worker = await startWorker(
        { redisUrl: config.redisUrl, queuePrefix: config.queuePrefix },
        { processors: [filingProcessor(services.filingPorts)], logger: pino({ level: 'silent' }) },
      );
      workers.push(worker);
      return worker;
    },
    async close() {
      for (const worker of workers) await worker.close();
      await services.close();
      await mongo.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a value (not undefined) or the time runs out. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
