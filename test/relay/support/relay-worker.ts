import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ENTRY = path.join(__dirname, 'relay-worker-process.js');

export interface RelayWorkerProcess {
  readonly child: ChildProcess;
  /** SIGKILL: no drain, no lock release, as a crash or an OOM kill. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Forks a relay worker process and resolves once its workers listen. */
export function spawnRelayWorker(env: Record<string, string>): Promise<RelayWorkerProcess> {
  const child = fork(ENTRY, [], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const signal = (name: NodeJS.Signals) => async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`relay worker did not start: ${stderr}`));
      // Generous: on a shared 2-core machine under load, loading the built packages alone can take 20 s.
    }, 60_000);
    const early = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`relay worker exited with ${code}: ${stderr}`));
    };
    child.once('exit', early);
    child.stdout?.on('data', (d: Buffer) => {
      if (!d.toString().includes('"ready"')) return;
      clearTimeout(timer);
      child.off('exit', early);
      resolve({ child, kill: signal('SIGKILL'), stop: signal('SIGTERM') });
    });
  });
}
