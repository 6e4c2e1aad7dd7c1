/**
 * The `seal` bin runs the bundled CLI (server/build-cli.mjs), not the sources the other CLI tests call in
 * process. This holds the two to the same answers, byte for byte: a bundle that misses a module, loads
 * one twice or was built from other sources shows up here. Needs the build (`npm run build`, which the
 * test run does).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../scripts/src/local-services';
import { signedSample } from '../../scripts/src/bench/cli';
import { runCli } from '../../server/src/cli/run-cli';

const SEAL_BIN = join(REPO_ROOT, 'server', 'dist', 'cli', 'seal.js');

describe('the seal bin (the bundled CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eseal-seal-bin-'));
  const env = { PATH: process.env.PATH, DATA_DIR: dir };

  beforeAll(async () => {
    const signed = await signedSample(dir);
    mkdirSync(join(dir, 'case', 'more'), { recursive: true });
    copyFileSync(signed, join(dir, 'case', 'contract.pdf'));
    copyFileSync(signed, join(dir, 'case', 'more', 'annex.pdf'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function inProcess(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env, cwd: dir });
    return { code, stdout: out.join(''), stderr: err.join('') };
  }

  function bin(args: string[]) {
    const run = spawnSync(process.execPath, [SEAL_BIN, ...args], { cwd: dir, env, encoding: 'utf8' });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  it('is built', () => {
    expect(existsSync(SEAL_BIN)).toBe(true);
    expect(existsSync(join(REPO_ROOT, 'server', 'dist', 'cli', 'seal-bundle.js'))).toBe(true);
  });

  // Absolute paths: in process, the files are read relative to jest's working directory.
  const at = (name: string) => join(dir, name);
  it.each([
    ['one file, no ledger', () => ['verify', at('signed.pdf'), '--no-ledger']],
    ['one file against the (empty) embedded ledger', () => ['verify', at('signed.pdf')]],
    ['a folder, a file and a missing file', () => ['verify', at('case'), at('signed.pdf'), at('missing.pdf'), '--no-ledger']],
    ['a usage error', () => ['verify']],
    ['the overview', () => ['--help']],
    ['a command that loads the database modules', () => ['help', 'backup']],
  ])('answers as the sources do: %s', async (_name, argsOf) => {
    const args = argsOf();
    const expected = await inProcess(args);
    expect(bin(args)).toEqual(expected);
  });

  it('prints one line per file and a summary for several files', () => {
    const { code, stdout } = bin(['verify', 'case', 'signed.pdf', '--no-ledger']);
    expect(code).toBe(3);
    expect(stdout).toBe(
      [
        'case/contract.pdf: INDETERMINATE',
        'case/more/annex.pdf: INDETERMINATE',
        'signed.pdf: INDETERMINATE',
        '3 files: 3 indeterminate',
        '',
      ].join('\n'),
    );
  });
});
