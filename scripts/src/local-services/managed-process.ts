import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { serviceUnavailable, type ServiceName } from './service-error';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A service binary we started: its output goes to a log file, its last lines are kept for errors. */
export interface ManagedProcess {
  readonly pid: number;
  /** Settles when the process has exited, whoever stopped it. */
  readonly exited: Promise<ProcessExit>;
  hasExited(): boolean;
  /** The last non-empty line it printed: usually the reason it failed. */
  lastOutputLine(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnServiceOptions {
  service: ServiceName;
  binary: string;
  args: string[];
  logFile: string;
}

const KEPT_OUTPUT_LINES = 20;
const DEFAULT_STOP_GRACE_MS = 10_000;

// Children still running when this process exits for any reason other than an orderly stop()
// (uncaught error, process.exit) are killed, so a crash never leaves servers holding our data dir.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function spawnService(options: SpawnServiceOptions): Promise<ManagedProcess> {
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const logStream = fs.createWriteStream(options.logFile, { flags: 'a' });
  const recentLines: string[] = [];
  const keep = (chunk: Buffer): void => {
    logStream.write(chunk);
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      recentLines.push(line.trim());
      if (recentLines.length > KEPT_OUTPUT_LINES) recentLines.shift();
    }
  };

  // detached: a terminal's Ctrl-C goes to our process group only; the caller stops the service
  // after draining its own work, instead of the service vanishing mid-drain.
  const child = spawn(options.binary, options.args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  try {
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
  } catch (error) {
    logStream.end();
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw serviceUnavailable(options.service, `cannot run ${options.binary} (${reason})`, { binary: options.binary }, error);
  }
  running.add(child);

  let exitInfo: ProcessExit | undefined;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      running.delete(child);
      resolve(exitInfo);
    });
  });
  // Close the log only after the pipes have drained, so the last lines are not lost.
  child.once('close', () => logStream.end());

  const stop = async (graceMs: number = DEFAULT_STOP_GRACE_MS): Promise<void> => {
    if (exitInfo) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    try {
      await exited;
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    pid: child.pid ?? -1,
    exited,
    hasExited: () => exitInfo !== undefined,
    lastOutputLine: () => recentLines[recentLines.length - 1] ?? '',
    stop,
  };
}

export function describeExit(exit: ProcessExit): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}
