import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SealError } from '@eseal/core';
import type { CliCommand, CliIo } from './cli-command';
import { COMMANDS } from './commands';
import { EXIT } from './exit-codes';
import { runCli } from './run-cli';

function captureIo(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env, cwd: '.' };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

const ran: string[][] = [];
const fixtures: CliCommand[] = [
  {
    name: 'audit',
    summary: 'Audit overview',
    usage: '',
    run: async () => {
      ran.push(['audit']);
      return EXIT.OK;
    },
  },
  {
    name: 'audit verify',
    summary: 'Verify the audit chain',
    usage: '<file> [--json]',
    options: { json: { type: 'boolean', description: 'JSON output' }, from: { type: 'string', valueName: 'DATE', description: 'Start' } },
    positionals: { min: 1, max: 1 },
    run: async (args) => {
      ran.push(['audit verify', ...args.positionals, String(args.values.json ?? false), String(args.values.from ?? '')]);
      return EXIT.FAILURE;
    },
  },
  {
    name: 'explode',
    summary: 'Throws',
    usage: '[--bad-input]',
    options: { 'bad-input': { type: 'boolean', description: 'Throw a validation error' } },
    run: async (args) => {
      if (args.values['bad-input']) throw new SealError('VALIDATION_FAILED', 'that input is not a PDF');
      throw new SealError('LEDGER_UNAVAILABLE', 'ledger did not answer');
    },
  },
];

describe('seal CLI dispatch', () => {
  beforeEach(() => ran.splice(0));

  it('prints the overview for --help and exits 0', async () => {
    const cap = captureIo();
    expect(await runCli(['--help'], cap.io, fixtures)).toBe(EXIT.OK);
    expect(cap.stdout()).toContain('Usage: seal <command> [options]');
    expect(cap.stdout()).toMatch(/audit verify\s+Verify the audit chain/);
    expect(cap.stdout()).toContain('Exit codes: 0 ok, 1 failure');
  });

  it('exits 2 with the overview on stderr when no command is given', async () => {
    const cap = captureIo();
    expect(await runCli([], cap.io, fixtures)).toBe(EXIT.USAGE);
    expect(cap.stderr()).toContain('Usage: seal <command>');
    expect(cap.stdout()).toBe('');
  });

  it('prints the version', async () => {
    const cap = captureIo();
    expect(await runCli(['--version'], cap.io, fixtures)).toBe(EXIT.OK);
    expect(cap.stdout()).toMatch(/^seal \d+\.\d+\.\d+\n$/);
  });

  it('shows help for a multi-word command with `help <command>` and `<command> --help`', async () => {
    const viaHelp = captureIo();
    expect(await runCli(['help', 'audit', 'verify'], viaHelp.io, fixtures)).toBe(EXIT.OK);
    expect(viaHelp.stdout()).toContain('Usage: seal audit verify <file> [--json]');
    expect(viaHelp.stdout()).toMatch(/--from DATE\s+Start/);
    expect(viaHelp.stdout()).toMatch(/-h, --help\s+Show this help/);
    const viaFlag = captureIo();
    expect(await runCli(['audit', 'verify', '--help'], viaFlag.io, fixtures)).toBe(EXIT.OK);
    expect(viaFlag.stdout()).toBe(viaHelp.stdout());
    expect(ran).toEqual([]);
  });

  it('picks the longest matching command name and passes parsed arguments', async () => {
    const cap = captureIo();
    expect(await runCli(['audit', 'verify', 'log.json', '--json', '--from', '2026-01-01'], cap.io, fixtures)).toBe(EXIT.FAILURE);
    expect(await runCli(['audit'], cap.io, fixtures)).toBe(EXIT.OK);
    expect(ran).toEqual([['audit verify', 'log.json', 'true', '2026-01-01'], ['audit']]);
  });

  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['help', 'frobnicate'], /unknown command 'frobnicate'/],
    [['audit', 'verify', 'a.json', '--colour'], /Unknown option '--colour'/],
    [['audit', 'verify'], /expected 1 argument\(s\), got 0/],
    [['audit', 'verify', 'a', 'b'], /expected 1 argument\(s\), got 2/],
    [['audit', 'verify', 'a', '--from'], /--from/],
  ])('exits 2 on usage errors: %p', async (argv, message) => {
    const cap = captureIo();
    expect(await runCli(argv, cap.io, fixtures)).toBe(EXIT.USAGE);
    expect(cap.stderr()).toMatch(message);
    expect(ran).toEqual([]);
  });

  it('reports a thrown coded error with exit 1, and a validation error with exit 2', async () => {
    const failure = captureIo();
    expect(await runCli(['explode'], failure.io, fixtures)).toBe(EXIT.FAILURE);
    expect(failure.stderr()).toBe('seal explode: LEDGER_UNAVAILABLE: ledger did not answer\n');
    const badInput = captureIo();
    expect(await runCli(['explode', '--bad-input'], badInput.io, fixtures)).toBe(EXIT.USAGE);
    expect(badInput.stderr()).toContain('VALIDATION_FAILED');
  });
});

describe('seal config check', () => {
  const kek = 'cd'.repeat(32);
  const valid = { MONGODB_URI: 'mongodb://127.0.0.1/eseal', REDIS_URL: 'redis://127.0.0.1:6379', SERVER_KEK: kek };

  it('is registered', () => {
    expect(COMMANDS.map((c) => c.name)).toContain('config check');
  });

  it('prints the resolved configuration with the key redacted', async () => {
    const cap = captureIo({ ...valid, PORT: '9000' });
    expect(await runCli(['config', 'check'], cap.io)).toBe(EXIT.OK);
    expect(cap.stdout()).toMatch(/port\s+9000/);
    expect(cap.stdout()).toMatch(/serverKek\s+\[redacted\]/);
    expect(cap.stdout()).not.toContain(kek);
    const json = captureIo(valid);
    expect(await runCli(['config', 'check', '--json'], json.io)).toBe(EXIT.OK);
    expect(JSON.parse(json.stdout())).toMatchObject({ port: 8080, serverKek: '[redacted]' });
  });

  it('keeps passwords in connection strings out of the output', async () => {
    const cap = captureIo({
      ...valid,
      MONGODB_URI: 'mongodb://app:s3cret@db.example:27017/eseal',
      REDIS_URL: 'redis://:hunter2@127.0.0.1:6379',
    });
    expect(await runCli(['config', 'check'], cap.io)).toBe(EXIT.OK);
    expect(cap.stdout()).toContain('mongodb://app:redacted@db.example:27017/eseal');
    expect(cap.stdout()).not.toContain('s3cret');
    expect(cap.stdout()).not.toContain('hunter2');
  });

  it('exits 1 naming every wrong variable', async () => {
    const cap = captureIo({ ...valid, LEDGER: 'paper', PORT: '70000' });
    expect(await runCli(['config', 'check'], cap.io)).toBe(EXIT.FAILURE);
    expect(cap.stderr()).toContain('LEDGER must be one of embedded, fabric');
    expect(cap.stderr()).toContain('PORT must be between 0 and 65535');
  });

  it('accepts what npm start accepts: no configuration at all is a one-machine start with local services', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'eseal-config-check-'));
    try {
      const cap = captureIo({ DATA_DIR: dataDir });
      expect(await runCli(['config', 'check', '--json'], cap.io)).toBe(EXIT.OK);
      expect(JSON.parse(cap.stdout())).toMatchObject({
        mongodbUri: 'local FerretDB, started by npm start',
        redisUrl: 'local Redis, started by npm start',
        publicSecurityFiling: 'local simulator, started by npm start',
        serverKek: '[redacted]',
      });
      // As npm start would, it made the development key the start will use.
      expect(statSync(join(dataDir, 'server-kek.hex')).mode & 0o077).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses what npm start refuses beyond the server settings: ledger, security and lifecycle settings', async () => {
    for (const [variable, value] of [
      ['LEDGER_DURABLE', 'maybe'],
      ['RATE_LIMIT_PER_IP', '0'],
      ['SEAL_VALIDITY_DAYS', '0'],
      ['PUBLIC_SECURITY_FILING_URL', 'ftp://filing.example'],
    ]) {
      const cap = captureIo({ ...valid, [variable!]: value });
      expect({ variable, code: await runCli(['config', 'check'], cap.io) }).toEqual({ variable, code: EXIT.FAILURE });
      expect(cap.stderr()).toContain(variable);
    }
  });

  it('needs SERVER_KEK when both stores are given, as a deployment start does', async () => {
    const cap = captureIo({ ...valid, SERVER_KEK: undefined });
    expect(await runCli(['config', 'check'], cap.io)).toBe(EXIT.FAILURE);
    expect(cap.stderr()).toContain('SERVER_KEK is required');
  });
});
