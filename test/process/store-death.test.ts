/**
 * `npm start` with its local stores, as an operator runs it: when Redis or FerretDB dies under the
 * running service, the whole process stops within seconds with exit code 1 (a supervisor restarts
 * it), instead of serving errors or waiting out the 30 s drain a clean stop allows.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/src/local-services';

const START_SCRIPT = path.join(REPO_ROOT, 'scripts', 'dist', 'start.js');
/** Far above the 3 s the launcher allows itself, far below the 30 s clean-stop deadline. */
const PROMPT_EXIT_MS = 12_000;

interface Started {
  child: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
}

function startService(dataDir: string): Promise<Started> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' };
  for (const name of ['MONGODB_URI', 'REDIS_URL', 'SERVER_KEK']) delete env[name];
  const child = spawn(process.execPath, [START_SCRIPT], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      if (output.includes('start: ready')) {
        clearInterval(poll);
        resolve({ child, exited, output: () => output });
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(poll);
      reject(new Error(`the service exited with ${code} before it was ready:\n${output}`));
    });
  });
}

function localChild(dataDir: string, binaryPart: string): number {
  const lock = JSON.parse(fs.readFileSync(path.join(dataDir, 'local-services.lock'), 'utf8')) as {
    children: Array<{ pid: number; command: string }>;
  };
  const found = lock.children.find((c) => c.command.includes(binaryPart));
  if (!found) throw new Error(`no local ${binaryPart} in ${JSON.stringify(lock.children)}`);
  return found.pid;
}

describe('npm start when a local store dies', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['Redis', 'redis'],
    ['FerretDB', 'ferretdb'],
  ])(
    'stops within seconds with exit code 1 when %s is killed',
    async (_name, binaryPart) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eseal-store-death-'));
      dirs.push(dataDir);
      const service = await startService(dataDir);
      children.push(service.child);
      const killedAt = Date.now();
      process.kill(localChild(dataDir, binaryPart), 'SIGKILL');
      const code = await Promise.race([
        service.exited,
        new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), PROMPT_EXIT_MS)),
      ]);
      expect(code).toBe(1);
      expect(Date.now() - killedAt).toBeLessThan(PROMPT_EXIT_MS);
      expect(service.output()).toMatch(/local service died: .*(redis|ferretdb)/);
    },
    90_000,
  );
});
