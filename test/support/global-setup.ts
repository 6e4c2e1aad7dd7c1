/**
 * Jest global setup: real Redis and FerretDB for the whole run, on free loopback ports, with their
 * data in a fresh temp folder. Test workers inherit TEST_MONGODB_URI / TEST_REDIS_URL from this
 * process's environment; each suite then takes its own database and queue prefix (see env.ts).
 * Already-set TEST_* variables are respected, so a run can point at a real MongoDB / Redis instead.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reclaimAbandonedDataDir, startLocalServices, type LocalServices } from '../../scripts/src/local-services';
import { TEST_MONGODB_URI, TEST_REDIS_URL } from './service-urls';

export interface TestServicesHandle {
  services: LocalServices;
  dataDir: string;
}

/** globalSetup and globalTeardown run in the same process: the handle passes through globalThis. */
export const HANDLE_KEY = '__esealTestServices';

const DATA_DIR_PREFIX = 'eseal-test-services-';

/**
 * A run killed before its teardown (Ctrl-C, a CI timeout) leaves its servers and temp folder
 * behind; the next run stops those servers and removes the folder. Live runs are left alone.
 */
function sweepAbandonedRuns(): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(DATA_DIR_PREFIX)) continue;
    const dir = path.join(os.tmpdir(), name);
    if (reclaimAbandonedDataDir(dir)) fs.rmSync(dir, { recursive: true, force: true });
  }
}

export default async function globalSetup(): Promise<void> {
  const needMongo = !process.env[TEST_MONGODB_URI];
  const needRedis = !process.env[TEST_REDIS_URL];
  if (!needMongo && !needRedis) return;

  sweepAbandonedRuns();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), DATA_DIR_PREFIX));
  let services: LocalServices;
  try {
    services = await startLocalServices({ dataDir, mongodb: needMongo, redis: needRedis, persistRedis: false });
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  if (services.mongodbUri) process.env[TEST_MONGODB_URI] = services.mongodbUri;
  if (services.redisUrl) process.env[TEST_REDIS_URL] = services.redisUrl;
  const handle: TestServicesHandle = { services, dataDir };
  (globalThis as Record<string, unknown>)[HANDLE_KEY] = handle;
}
