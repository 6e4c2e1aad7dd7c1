import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { Certificate, Crl, developmentCaStateFromJson, nameToString, verifyCertificateChain } from '@eseal/core';
import { lifecycleServerExtension } from '../../server/src/composition';
import { loadConfig } from '../../server/src/config/load-config';
import { createLogger } from '../../server/src/observability/logger';
import { startServer, type RunningServer } from '../../server/src/start-server';
import { connectSuiteMongoose, connectSuiteRedis, suiteDatabaseUri, testRedisUrl } from '../support/env';

describe('proof bundles in the real server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'eseal-evidence-wiring-'));
  const prefix = `evwiring_${randomBytes(4).toString('hex')}`;
  let server: RunningServer | undefined;

  const start = () =>
    startServer(
      loadConfig({
        MONGODB_URI: suiteDatabaseUri(),
        REDIS_URL: testRedisUrl(),
        SERVER_KEK: '33'.repeat(32),
        PORT: '0',
        LOG_LEVEL: 'silent',
        DATA_DIR: dataDir,
        QUEUE_PREFIX: prefix,
      }),
      {
        logger: createLogger({ level: 'silent' }),
        extend: lifecycleServerExtension({
          ledger: { ledger: 'embedded', dataDir: join(dataDir, 'ledger'), durable: false },
          env: { PUBLIC_BASE_URL: 'https://eseal.example' },
        }),
      },
    );

  afterAll(async () => {
    await server?.close();
    await (await connectSuiteMongoose()).cleanup();
    await (await connectSuiteRedis(prefix)).cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives the embedded ledger node a certificate from the development CA, kept under DATA_DIR across restarts', async () => {
    server = await start();
    const file = join(dataDir, 'ca', 'ledger-node-identity.json');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { certificateDer: string; keyCipher: string };
    const node = Certificate.fromDer(Buffer.from(stored.certificateDer, 'base64'));
    const ca = developmentCaStateFromJson(readFileSync(join(dataDir, 'ca', 'development-ca.json'), 'utf8'));
    const chain = verifyCertificateChain(node, {
      trustAnchors: [Certificate.fromDer(ca.rootCertificateDer)],
      intermediates: [Certificate.fromDer(ca.issuingCertificateDer)],
      at: new Date(),
    });
    expect(chain.path).toHaveLength(3);

    await server.close();
    server = await start();
    expect(readFileSync(file, 'utf8')).toBe(JSON.stringify(stored));
  }, 60_000);

  it('serves the bundles only to callers with evidence.read, and documents them', async () => {
    for (const path of [`/api/v1/evidence/documents/${'a'.repeat(64)}/bundle`, '/api/v1/evidence/seals/seal_x/bundle']) {
      const res = await fetch(`${server!.url}${path}`);
      expect(res.status).toBe(401);
    }
    const doc = (await (await fetch(`${server!.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/evidence/documents/{documentSm3}/bundle', '/api/v1/evidence/seals/{sealId}/bundle']),
    );
  });

  it('answers seal status publicly, with coded errors for an unknown seal and a bad time', async () => {
    const unknown = await fetch(`${server!.url}/api/v1/public/seals/9999999999999/status`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    const badTime = await fetch(`${server!.url}/api/v1/public/seals/9999999999999/status?at=yesterday`);
    expect(badTime.status).toBe(400);
    expect(((await badTime.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    expect(existsSync(join(dataDir, 'ca', 'status-responder-identity.json'))).toBe(true);
  });

  it("serves the CA's CRL publicly at the URL its certificates name as CRL distribution point", async () => {
    const res = await fetch(`${server!.url}/api/v1/public/ca/crl`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/pkix-crl');
    const der = new Uint8Array(await res.arrayBuffer());
    const ca = developmentCaStateFromJson(readFileSync(join(dataDir, 'ca', 'development-ca.json'), 'utf8'));
    const issuing = Certificate.fromDer(ca.issuingCertificateDer);
    expect(nameToString(Crl.fromDer(der).issuer)).toBe(issuing.subjectText);
    writeFileSync(join(dataDir, 'issuing.crl'), der);
    expect(execFileSync('openssl', ['crl', '-inform', 'DER', '-in', join(dataDir, 'issuing.crl'), '-noout', '-issuer']).toString()).toMatch(
      /issuer=/,
    );
    const node = JSON.parse(readFileSync(join(dataDir, 'ca', 'ledger-node-identity.json'), 'utf8')) as { certificateDer: string };
    expect(Certificate.fromDer(Buffer.from(node.certificateDer, 'base64')).extensions.crlDistributionPoints).toEqual([
      'https://eseal.example/api/v1/public/ca/crl',
    ]);
  });
});
