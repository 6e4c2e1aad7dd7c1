/**
 * The service as `npm start` runs it (`scripts/dist/start.js`: API, worker and ledger-event consumer
 * in one process), here against the soak's own stores, under a small supervisor: a SIGKILL from the
 * test is followed by a restart on the same port, and an exit of its own (a crash, a failed start
 * while a store is down) is counted and restarted too, as systemd's Restart=always would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../scripts/src/local-services';

const START_SCRIPT = join(REPO_ROOT, 'scripts', 'dist', 'start.js');
const READY_LINE = 'start: ready: API at';
/** Pause before restarting after an exit of its own, so a store that is still down is not hammered. */
const RESTART_PAUSE_MS = 500;
const KEPT_LINES = 40;

export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines it printed: why it stopped. */
  lastLines: string[];
}

export class SupervisedService {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private stopping = false;
  private killing = false;
  private readyWaiters: Array<() => void> = [];
  private ready = false;
  private recent: string[] = [];
  private readonly log: WriteStream;
  /** Exits the test did not cause. */
  readonly ownExits: ServiceExit[] = [];
  starts = 0;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    logFile: string,
  ) {
    this.log = createWriteStream(logFile, { flags: 'a' });
  }

  /** Starts the first process and resolves once it listens. */
  async start(): Promise<void> {
    this.spawnOnce();
    await this.untilReady();
  }

  /** Resolves once a process is ready to serve (after a restart, the new one). */
  untilReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** SIGKILL of the running process; the supervisor starts the next one at once. */
  async kill(): Promise<void> {
    if (!this.child) return;
    this.killing = true;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM: the service drains and exits 0; no restart. */
  async stop(): Promise<number | null> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const code = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    child.kill('SIGTERM');
    const result = await code;
    this.log.end();
    return result;
  }

  private spawnOnce(): void {
    this.ready = false;
    this.recent = [];
    this.starts++;
    const child = spawn(process.execPath, [START_SCRIPT], { cwd: REPO_ROOT, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let pending = '';
    const onData = (chunk: Buffer) => {
      this.log.write(chunk);
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (line.trim() === '') continue;
        this.recent.push(line);
        if (this.recent.length > KEPT_LINES) this.recent.shift();
        if (line.includes(READY_LINE)) this.markReady();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.ready = false;
        const killedByUs = this.killing;
        this.killing = false;
        if (!killedByUs && !this.stopping) this.ownExits.push({ code, signal, lastLines: [...this.recent] });
        if (!this.stopping) setTimeout(() => this.stopping || this.spawnOnce(), killedByUs ? 0 : RESTART_PAUSE_MS);
        resolve();
      });
    });
  }

  private markReady(): void {
    this.ready = true;
    for (const waiter of this.readyWaiters.splice(0)) waiter();
  }
}
