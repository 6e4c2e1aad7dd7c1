import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoCommand } from '../../server/src/cli/commands/demo';
import { connectSuiteMongoose, connectSuiteRedis, suiteDatabaseUri, testRedisUrl } from '../support/env';

describe('seal demo', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'eseal-demo-'));
  const prefix = `demo_${randomBytes(4).toString('hex')}`;
  afterAll(async () => {
    const mongo = await connectSuiteMongoose();
    await mongo.cleanup();
    await (await connectSuiteRedis(prefix)).cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeds a unit with its four starter seals against the configured services and prints them', async () => {
    let out = '';
    const env = {
      MONGODB_URI: suiteDatabaseUri(), REDIS_URL: testRedisUrl(), DATA_DIR: dataDir, QUEUE_PREFIX: prefix,
      LEDGER: 'embedded', LEDGER_DURABLE: 'false', LOG_LEVEL: 'silent',
    };
    const code = await demoCommand.run({ values: { json: true }, positionals: [] }, { stdout: (t) => (out += t), stderr: () => undefined, env, cwd: dataDir });
    expect(code).toBe(0);
    const printed = JSON.parse(out) as { unit: { unitId: string }; seals: Array<{ kind: string; status: string; ledgerSync: { state: string } }> };
    expect(printed.seals.map((s) => s.kind)).toEqual(['LEGAL_NAME', 'FINANCE', 'CONTRACT', 'LEGAL_REPRESENTATIVE']);
    expect(printed.seals.every((s) => s.status === 'MADE' && s.ledgerSync.state === 'DONE')).toBe(true);
    // The development key, CA and maker identity persist for the next run, owner-only.
    for (const file of ['server-kek.hex', 'ca/development-ca.json', 'ca/maker-identity.json']) {
      expect(statSync(join(dataDir, file)).mode & 0o077).toBe(0);
    }
    const mongo = await connectSuiteMongoose();
    try {
      expect(await mongo.connection.collection('seals').countDocuments({ unitId: printed.unit.unitId })).toBe(4);
    } finally {
      await mongo.connection.close();
    }
  }, 60_000);
});
