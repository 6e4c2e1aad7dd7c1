/**
 * The README's "First ten minutes", run as written: the commands are parsed out of README.md and
 * run in a fresh folder that looks like the clone (the repository's files linked in, no `.data/`),
 * so `npm start`, the local services, the public-security simulator, `seal demo` and every curl
 * line are the real ones. If the walkthrough stops working, this test fails.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort, LOOPBACK_HOST, REPO_ROOT } from '../../scripts/src/local-services';

/** What a clone has after `npm run setup` (the test run's build stands in for the setup step). */
const CLONE_ENTRIES = [
  'package.json',
  'package-lock.json',
  'node_modules',
  '.tools',
  'core',
  'chaincode',
  'server',
  'worker',
  'scripts',
  'network',
];
const START_TIMEOUT_MS = 120_000;

/** The shell blocks of the README section, in order. */
export function walkthroughBlocks(readme: string): string[][] {
  const start = readme.indexOf('\n## First ten minutes\n');
  if (start < 0) throw new Error('README.md has no "First ten minutes" section');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.split('\n').filter((line) => line.trim() !== ''));
}

/** The environment of a newcomer's shell: nothing of ours set, only the port (8080 may be taken here). */
function newcomerEnv(port: number): NodeJS.ProcessEnv {
  const { PATH, HOME, LANG, TMPDIR } = process.env;
  return { PATH, HOME, LANG, TMPDIR, PORT: String(port) };
}

describe('README: First ten minutes', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const blocks = walkthroughBlocks(readme);
  const clone = mkdtempSync(join(tmpdir(), 'eseal-readme-'));
  let server: ChildProcess | undefined;
  let serverOutput = '';

  beforeAll(() => {
    for (const entry of CLONE_ENTRIES) symlinkSync(join(REPO_ROOT, entry), join(clone, entry));
  });
  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      process.kill(-server.pid!, 'SIGTERM');
      await exited;
    }
    if (!process.env.ESEAL_KEEP_TEST_DATA) rmSync(clone, { recursive: true, force: true });
  });

  it('has a first terminal that sets up and starts the service', () => {
    expect(blocks[0]).toEqual(['npm run setup', 'npm start']);
    expect(blocks.length).toBeGreaterThanOrEqual(2);
  });

  it('runs verbatim against a fresh data folder: a seal becomes ACTIVE, the demo and the HTTP journey sign, and both PDFs verify', async () => {
    const port = await findFreePort(LOOPBACK_HOST);
    const env = newcomerEnv(port);
    // Its own process group, so the test can stop npm and the service it started together.
    server = spawn('bash', ['-c', blocks[0]![1]!], { cwd: clone, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start was not ready in time:\n${serverOutput}`)), START_TIMEOUT_MS);
      const watch = (chunk: Buffer) => {
        serverOutput += chunk.toString();
        if (serverOutput.includes('start: ready: API at')) {
          clearTimeout(timer);
          resolve();
        }
      };
      server!.stdout!.on('data', watch);
      server!.stderr!.on('data', watch);
      server!.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${serverOutput}`)));
    });
    expect(serverOutput).toMatch(/public-security: simulator ready at http:\/\/127\.0\.0\.1:\d+/);

    // -x: a failure's transcript shows which README line failed.
    const script = ['set -euxo pipefail', ...blocks.slice(1).flat()].join('\n');
    const run = spawnSync('bash', ['-c', script], { cwd: clone, env, encoding: 'utf8', timeout: 240_000 });
    const transcript = `exit ${run.status}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}\n--- npm start\n${serverOutput}`;
    if (run.status !== 0) throw new Error(`the walkthrough failed:\n${transcript}`);
    expect(run.stdout).toMatch(/CONTRACT\s+seal_\S+\s+code \d{13}\s+ACTIVE/);
    // The demo's custodian replaced the maker's one-time PIN, and the demo prints the PIN the seal now opens with.
    expect(run.stdout).toMatch(/CONTRACT\s+seal_\S+\s+code \d{13}\s+ACTIVE\s+until \S+\s+PIN (?!123456)\d{6}$/m);
    expect(run.stdout.match(/sample-signed\.pdf: VALID/g)).toHaveLength(1);
    expect(run.stdout).toMatch(/^supply contract$/m);
    expect(run.stdout).toMatch(/^APPROVED$/m);
    expect(run.stdout).toMatch(/^signed with \d{13}$/m);
    expect(run.stdout).toMatch(/^true$/m);
    expect(run.stdout.match(/signed-over-http\.pdf: VALID/g)).toHaveLength(1);
    // /metrics counts what happened: 2 signings, 8 filings acknowledged, a valid verification over
    // HTTP; the worker anchors the 2 signing records shortly after (polled until then, not timed).
    const apiUrl = /start: ready: API at (\S+)/.exec(serverOutput)![1]!;
    let metrics = '';
    const sample = (name: string) =>
      Number(new RegExp(`^${name.replace(/[{}"]/g, (c) => `\\${c}`)} (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
    for (let i = 0; i < 240 && !(sample('eseal_anchored_signatures_total') >= 2); i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 250));
      metrics = await (await fetch(`${apiUrl}/metrics`)).text();
    }
    expect(sample('eseal_anchored_signatures_total')).toBe(2);
    expect(sample('eseal_signings_total')).toBe(2);
    expect(sample('eseal_filings_total{outcome="acknowledged"}')).toBe(8);
    expect(sample('eseal_verifications_total{verdict="valid"}')).toBe(1);
    expect(metrics).toMatch(/^eseal_queue_jobs\{queue="filing",state="failed"\} 0$/m);
    expect(metrics).toMatch(/^eseal_queue_jobs\{queue="anchor",state="waiting"\} \d+$/m);
    // The keys the walkthrough created stay in the data folder for the next start, owner-only.
    for (const file of ['server-kek.hex', 'ca/development-ca.json', 'ca/maker-identity.json', 'public-security/signing-key.der']) {
      expect({ file, groupOrOtherBits: statSync(join(clone, '.data', file)).mode & 0o077 }).toEqual({ file, groupOrOtherBits: 0 });
    }
  }, 420_000);
});
