import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSecurityOptions } from '../../server/src/api/security';
import { securityServerExtension } from '../../server/src/composition/security';
import { composeExtensions } from '../../server/src/compose-extensions';
import { lifecycleServerExtension, openConfiguredLedger, type Services } from '../../server/src/composition';
import { loadConfig } from '../../server/src/config/load-config';
import type { LedgerClient } from '../../server/src/ledger';
import { createLogger } from '../../server/src/observability/logger';
import { startServer, type RunningServer } from '../../server/src/start-server';
import { connectSuiteMongoose, connectSuiteRedis, suiteDatabaseUri, testRedisUrl } from '../support/env';

/**
 * The composition npm start uses (scripts/src/start.ts): one ledger client opened by the launcher,
 * handed to the security feature (audit anchoring) and the lifecycle. With the embedded ledger a
 * second open in the process would fail, so the server starting at all shows the client is shared.
 */
describe('one ledger client shared by security and lifecycle', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'eseal-shared-ledger-'));
  const prefix = `shared_${randomBytes(4).toString('hex')}`;
  let server: RunningServer | undefined;
  let ledger: LedgerClient;
  let services: Services | undefined;

  beforeAll(async () => {
    const env = {
      MONGODB_URI: suiteDatabaseUri(),
      REDIS_URL: testRedisUrl(),
      SERVER_KEK: '33'.repeat(32),
      PORT: '0',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      QUEUE_PREFIX: prefix,
      LEDGER_DURABLE: 'false',
      AUDIT_ANCHOR_INTERVAL_MS: '100',
    };
    const config = loadConfig(env);
    ledger = await openConfiguredLedger(config, env);
    server = await startServer(config, {
      logger: createLogger({ level: 'silent' }),
      extend: composeExtensions(
        securityServerExtension({ ...readSecurityOptions(env), ledger }),
        lifecycleServerExtension({ env, ledgerClient: ledger, ephemeralCa: true, onReady: (built) => (services = built) }),
      ),
    });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await ledger.close();
    await (await connectSuiteMongoose()).cleanup();
    await (await connectSuiteRedis(prefix)).cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("anchors the audit log on the lifecycle's ledger, and closing the server leaves the launcher's client open", async () => {
    expect(services?.ledger).toBe(ledger);
    await fetch(`${server!.url}/api/v1/audit/verify`); // an audited denial: something to anchor
    let anchors: Awaited<ReturnType<LedgerClient['getAuditAnchors']>>['anchors'] = [];
    for (let i = 0; i < 50 && anchors.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      anchors = (await ledger.getAuditAnchors({ latest: 1 })).anchors;
    }
    expect(anchors[0]).toMatchObject({ fromSeq: 1, anchoredBy: 'MakerMSP' });
    await server!.close();
    server = undefined;
    await expect(ledger.health()).resolves.toBeUndefined();
  });
});
