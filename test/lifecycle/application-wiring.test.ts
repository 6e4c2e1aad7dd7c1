import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sm2PrivateKey } from '@eseal/core';
import pino from 'pino';
import { composeApplication, type Application } from '../../server/src/composition';
import { loadConfig } from '../../server/src/config/load-config';
import { startServer, type RunningServer } from '../../server/src/start-server';
import { relayQueueName, startWorker, type RunningWorker } from '../../worker/src';
import { connectSuiteMongoose, connectSuiteRedis, suiteDatabaseUri, testRedisUrl } from '../support/env';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

// The production wiring that `npm start` launches: the worker runs the processor list the composition
// root builds, bound to the services the server started.
describe('the composed application', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'eseal-application-'));
  const prefix = `app_${randomBytes(4).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    MONGODB_URI: suiteDatabaseUri(),
    REDIS_URL: testRedisUrl(),
    SERVER_KEK: '33'.repeat(32),
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    QUEUE_PREFIX: prefix,
    LEDGER_DURABLE: 'false',
    RELAY_CLIENT_KEY: hex(Sm2PrivateKey.generate().bytes()),
    // Never called here: no evidence is relayed in this test, the adapter only has to be wired.
    COURT_CHAINS: JSON.stringify([
      { id: 'court-a', type: 'http', url: 'http://127.0.0.1:9', appId: 'eseal', publicKey: hex(Sm2PrivateKey.generate().publicKey.point) },
    ]),
  };
  let app: Application;
  let server: RunningServer;
  let worker: RunningWorker;

  beforeAll(async () => {
    const config = loadConfig(env);
    app = await composeApplication({ env, config });
    server = await startServer(config, { metrics: app.metrics, extend: app.extend, logger: pino({ level: 'silent' }) });
    worker = await startWorker(config, { processors: app.processors(), logger: pino({ level: 'silent' }) });
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await server?.close();
    await app?.close();
    await (await connectSuiteMongoose()).cleanup();
    await (await connectSuiteRedis(prefix)).cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs filing, anchoring, evidence certificates, archiving, webhook deliveries and one relay per court chain in the worker', () => {
    expect([...worker.queues].sort()).toEqual(['anchor', 'archive', 'certificate', 'filing', relayQueueName('court-a'), 'webhook'].sort());
  });

  it('binds the ledger events to the same services, with the relay', () => {
    const ports = app.ledgerEventPorts();
    expect(typeof ports.source.subscribe).toBe('function');
    expect(typeof ports.filings.ensureFilingJobs).toBe('function');
    expect(typeof ports.batches.batchMembers).toBe('function');
    expect(ports.relay).toBeDefined();
  });

  it('serves the security, lifecycle and relay routes', async () => {
    const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
    const paths = Object.keys(doc.paths);
    expect(paths).toContain('/api/v1/seals/{sealId}/revoke');
    expect(paths.some((p) => p.includes('relay'))).toBe(true);
    expect(paths.some((p) => p.includes('/auth/') || p.includes('session'))).toBe(true);
  });
});
