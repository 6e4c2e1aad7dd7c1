import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../server/src/config/load-config';
import { lifecycleServerExtension, type Services } from '../../server/src/composition';
import { startServer, type RunningServer } from '../../server/src/start-server';
import { createLogger } from '../../server/src/observability/logger';
import { connectSuiteMongoose, connectSuiteRedis, suiteDatabaseUri, testRedisUrl } from '../support/env';

describe('lifecycle plugged into the real server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'eseal-wiring-'));
  const prefix = `wiring_${randomBytes(4).toString('hex')}`;
  let server: RunningServer;
  let services: Services | undefined;

  beforeAll(async () => {
    const config = loadConfig({
      MONGODB_URI: suiteDatabaseUri(),
      REDIS_URL: testRedisUrl(),
      SERVER_KEK: '22'.repeat(32),
      PORT: '0',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      QUEUE_PREFIX: prefix,
    });
    server = await startServer(config, {
      logger: createLogger({ level: 'silent' }),
      extend: lifecycleServerExtension({
        ledger: { ledger: 'embedded', dataDir: join(dataDir, 'ledger'), durable: false },
        ephemeralCa: true,
        onReady: (built) => (services = built),
      }),
    });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await (await connectSuiteMongoose()).cleanup();
    await (await connectSuiteRedis(prefix)).cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('denies every lifecycle route without authentication (deny by default)', async () => {
    for (const path of ['/api/v1/seals', '/api/v1/units/unit_abcdefgh12']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('reports the ledger in /health and documents the routes with their operations', async () => {
    const health = (await (await fetch(`${server.url}/health`)).json()) as Record<string, unknown>;
    expect(JSON.stringify(health)).toContain('ledger');
    const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { description?: string }>>;
    };
    for (const path of [
      '/api/v1/units',
      '/api/v1/seal-applications/{applicationId}/review',
      '/api/v1/seals/{sealId}/revoke',
      '/api/v1/seals/{sealId}/history',
      '/api/v1/units/{unitId}/starter-package',
    ]) {
      expect(doc.paths[path]).toBeDefined();
    }
    expect(doc.paths['/api/v1/seals/{sealId}/revoke']!.post!.description).toContain('seal.revoke');
    expect(services?.filingPorts.store).toBeDefined();
  });
});
