import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../server/src/cli';
import type { CliIo } from '../../server/src/cli/cli-command';
import { COMMANDS } from '../../server/src/cli/commands';
import { connectSuiteMongoose, suiteDatabaseName, suiteDatabaseUri, testRedisUrl, type SuiteMongo } from '../support/env';
import { request, startHarness, tokenFor, type SecureHarness } from './support';

let h: SecureHarness;
let restored: SuiteMongo | undefined;
const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'eseal-cli-test-'));
  dirs.push(d);
  return d;
};
const sourceDataDir = () => dirs[0];

beforeAll(async () => {
  temp();
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
  await restored?.cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function seal(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: { MONGODB_URI: suiteDatabaseUri(), REDIS_URL: testRedisUrl(), SERVER_KEK: '42'.repeat(32), DATA_DIR: sourceDataDir(), ...env },
    cwd: sourceDataDir(),
  };
  const code = await runCli(argv, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('seal CLI: admin, audit, backup, restore', () => {
  it('registers the commands', () => {
    expect(COMMANDS.map((c) => c.name)).toEqual(expect.arrayContaining(['admin create', 'audit verify', 'backup', 'restore']));
  });

  it('bootstraps the first public-security administrator, who can then sign in', async () => {
    const created = await seal(['admin', 'create', '--role', 'PUBLIC_SECURITY_ADMIN', '--username', 'root.admin', '--json']);
    expect(created.code).toBe(0);
    const { oneTimePassword } = JSON.parse(created.stdout);
    expect(oneTimePassword).toMatch(/^[A-Za-z0-9]{20}$/);
    const signIn = await request(h.app).post('/api/v1/auth/sign-in').send({ username: 'root.admin', password: oneTimePassword });
    expect(signIn.body).toMatchObject({ status: 'SIGNED_IN', mustChangePassword: true });
    // The one-time password opens a session that can only replace it.
    const pending = await request(h.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${signIn.body.tokens.accessToken}`);
    expect(pending.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    await request(h.app)
      .post('/api/v1/auth/password')
      .set('Authorization', `Bearer ${signIn.body.tokens.accessToken}`)
      .send({ currentPassword: oneTimePassword, newPassword: 'root-admin-chosen-password' });
    const settled = await request(h.app)
      .post('/api/v1/auth/sign-in')
      .send({ username: 'root.admin', password: 'root-admin-chosen-password' });
    const me = await request(h.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${settled.body.tokens.accessToken}`);
    expect(me.body.roles).toEqual(['PUBLIC_SECURITY_ADMIN']);
    // The stored account holds no trace of the password itself.
    expect(JSON.stringify(await h.mongo.connection.collection('accounts').find({}).toArray())).not.toContain(oneTimePassword);
  });

  it.each([
    [['admin', 'create', '--role', 'API_CLIENT', '--username', 'x.client']],
    [['admin', 'create', '--role', 'UNIT_ADMIN', '--username', 'no.unit']],
    [['admin', 'create', '--role', 'ROOT', '--username', 'who']],
    [['admin', 'create', '--username', 'nobody']],
  ])('refuses %p', async (argv) => {
    const res = await seal(argv);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/VALIDATION_FAILED/);
  });

  it('verifies the audit chain, and names the first break after tampering', async () => {
    await request(h.app).get('/api/v1/audit/verify'); // an audited denial
    await request(h.app)
      .post('/api/v1/audit/anchors')
      .set('Authorization', `Bearer ${tokenFor(h, 'AUDITOR')}`);
    await h.security.auditLog.flush();
    const ok = await seal(['audit', 'verify']);
    expect([ok.code, ok.stdout]).toEqual([0, expect.stringContaining('Chain intact.')]);
    const json = JSON.parse((await seal(['audit', 'verify', '--json'])).stdout);
    expect(json).toMatchObject({ valid: true });
    expect(json.entries).toBeGreaterThan(0);

    const records = h.mongo.connection.collection('audit');
    const first = await records.findOne({ seq: 1 });
    await records.updateOne({ seq: 1 }, { $set: { 'actor.ip': '203.0.113.9' } });
    const broken = await seal(['audit', 'verify']);
    expect([broken.code, broken.stdout]).toEqual([1, expect.stringContaining('BROKEN at entry 1: HASH_MISMATCH')]);
    await records.updateOne({ seq: 1 }, { $set: { 'actor.ip': first!.actor.ip } });
    expect((await seal(['audit', 'verify'])).code).toBe(0);
  });

  it('backs up and restores into a fresh instance, then refuses to restore twice or from a damaged archive', async () => {
    const archive = join(temp(), 'archive');
    const backup = await seal(['backup', archive]);
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/accounts\s+\d+ documents/);

    const targetDb = `${suiteDatabaseName().slice(0, 50)}_restored`;
    const targetEnv = { MONGODB_URI: suiteDatabaseUri(targetDb), DATA_DIR: temp() };
    const restore = await seal(['restore', archive], targetEnv);
    expect([restore.code, restore.stderr]).toEqual([0, '']);
    expect(restore.stdout).toContain('Restore verified.');
    restored = await connectSuiteMongoose(targetDb);
    const count = (c: string, conn = h.mongo.connection) => conn.collection(c).countDocuments();
    expect(await count('accounts', restored.connection)).toBe(await count('accounts'));

    const again = await seal(['restore', archive], targetEnv);
    expect([again.code, again.stderr]).toEqual([1, expect.stringContaining('RESTORE_TARGET_NOT_EMPTY')]);

    const manifestPath = join(archive, 'records', 'accounts.ejson');
    writeFileSync(manifestPath, readFileSync(manifestPath, 'utf8').replace('root.admin', 'evil.admin'));
    const damaged = await seal(['restore', archive], {
      MONGODB_URI: suiteDatabaseUri(`${suiteDatabaseName().slice(0, 50)}_damaged`),
      DATA_DIR: temp(),
    });
    expect([damaged.code, damaged.stderr]).toEqual([1, expect.stringContaining('BACKUP_CORRUPT')]);
  });
});
