/**
 * An operator's disaster drill: sign a PDF, `seal backup`, then `seal restore` into a fresh data
 * folder and an empty database, and the PDF signed before the backup still verifies there. Restore
 * needs no REDIS_URL, and refuses to run without the KEK that wrapped the archived seal keys.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../server/src/cli';
import type { CliIo } from '../../server/src/cli/cli-command';
import { makeUsableSeal, signApproved } from '../signing/support/lifecycle-signing';
import { startHarness, type Harness } from '../lifecycle/support/harness';
import { connectSuiteMongoose, suiteDatabaseName, suiteDatabaseUri, type SuiteMongo } from '../support/env';

/** The harness wraps seal keys with 32 bytes of 0x09. */
const HARNESS_KEK = '09'.repeat(32);

describe('backup, restore into a fresh instance, verify an earlier signature', () => {
  let h: Harness;
  let target: SuiteMongo | undefined;
  const dirs: string[] = [];
  const temp = () => {
    const dir = mkdtempSync(join(tmpdir(), 'eseal-round-trip-'));
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    h = await startHarness({ ephemeralCa: false });
  });
  afterAll(async () => {
    await h?.close();
    await target?.cleanup();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** The `seal` CLI with exactly these variables: no REDIS_URL unless given. */
  async function seal(argv: string[], env: Record<string, string>) {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env, cwd: temp() };
    const code = await runCli(argv, io);
    return { code, stdout: out.join(''), stderr: err.join('') };
  }

  it('restores the records, ledger, CA and maker identity; the KEK must be given and must match', async () => {
    const usable = await makeUsableSeal(h);
    const { signedPdf } = await signApproved(h, usable, 'signed before the backup');
    const pdfFile = join(temp(), 'signed.pdf');
    writeFileSync(pdfFile, signedPdf);

    const archive = join(temp(), 'archive');
    const backup = await seal(['backup', archive], {
      MONGODB_URI: suiteDatabaseUri(),
      DATA_DIR: h.config.dataDir,
      SERVER_KEK: HARNESS_KEK,
    });
    expect([backup.code, backup.stderr]).toEqual([0, '']);
    expect(backup.stdout).toMatch(/Identity: identity\/development-ca\.json/);
    expect(backup.stdout).toMatch(/key-encryption key .* is NOT in the archive/);

    const targetDb = `${suiteDatabaseName().slice(0, 50)}_rt`;
    const fresh = temp();
    const targetEnv = { MONGODB_URI: suiteDatabaseUri(targetDb), DATA_DIR: fresh };
    target = await connectSuiteMongoose(targetDb);

    const noKek = await seal(['restore', archive], targetEnv);
    expect([noKek.code, noKek.stderr]).toEqual([1, expect.stringMatching(/CONFIG_INVALID.*SERVER_KEK/)]);
    const wrongKek = await seal(['restore', archive], { ...targetEnv, SERVER_KEK: '0a'.repeat(32) });
    expect([wrongKek.code, wrongKek.stderr]).toEqual([1, expect.stringMatching(/CONFIG_INVALID.*not the key that wrapped/)]);
    expect(await target.connection.db!.listCollections().toArray()).toEqual([]);

    const restore = await seal(['restore', archive], { ...targetEnv, SERVER_KEK: HARNESS_KEK });
    expect([restore.code, restore.stderr]).toEqual([0, '']);
    expect(restore.stdout).toContain('Restore verified.');

    const verified = await seal(['verify', pdfFile], targetEnv);
    expect([verified.code, verified.stdout]).toEqual([0, expect.stringMatching(/valid/i)]);
    const withCa = await seal(['verify', pdfFile, '--ca', join(fresh, 'ca', 'development-ca.json')], targetEnv);
    expect(withCa.code).toBe(0);
  }, 120_000);
});
