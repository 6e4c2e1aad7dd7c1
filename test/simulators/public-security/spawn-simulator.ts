import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PUBLIC_SECURITY_SIMULATOR_MAIN } from '../../../scripts/src/local-services';

/** A simulator running in its own process, plus typed helpers for its control routes. */
export interface SimulatorProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Its journal and signing key; kept across restart(), removed by stop(). */
  readonly dataDir: string;
  armFault(fault: {
    status?: number;
    code?: string;
    delayMs?: number;
    drop?: boolean;
    badSignature?: boolean;
    count?: number;
  }): Promise<void>;
  seedEngraving(
    sealCode: string,
    body: Record<string, unknown>,
  ): Promise<{ sealCode: string; sm3: string; widthMm: number; heightMm: number }>;
  filings(): Promise<
    Array<{
      filingId: string;
      record: Record<string, unknown>;
      ack: { ackId: string; filedAt: string; recordSm3: string; signature: string };
    }>
  >;
  stats(): Promise<{ engraving: number; filing: number }>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

async function controlCall<T>(url: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`simulator control ${method} ${path} failed: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * Forks the built simulator (`npm run build` first) on a data folder (a new temporary one unless
 * given) and resolves once it prints its listening line, or rejects if it exits or stalls.
 */
export function spawnPublicSecuritySimulator(options: { dataDir?: string; timeoutMs?: number } = {}): Promise<SimulatorProcess> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'eseal-ps-sim-'));
  const timeoutMs = options.timeoutMs ?? 15_000;
  const child = fork(PUBLIC_SECURITY_SIMULATOR_MAIN, ['--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`simulator did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`simulator exited with ${code}: ${stderr}`));
    });
    let buffered = '';
    child.stdout?.on('data', (d: Buffer) => {
      buffered += d.toString();
      const line = buffered.split('\n').find((l) => l.includes('"listening"'));
      if (line === undefined) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const { url } = JSON.parse(line) as { url: string };
      resolve({
        url,
        child,
        dataDir,
        armFault: async (fault) => void (await controlCall(url, 'POST', '/__control/faults', fault)),
        seedEngraving: (sealCode, body) => controlCall(url, 'PUT', `/__control/engravings/${sealCode}`, body),
        filings: async () => (await controlCall<{ filings: never }>(url, 'GET', '/__control/filings')).filings,
        stats: () => controlCall(url, 'GET', '/__control/stats'),
        reset: async () => void (await controlCall(url, 'POST', '/__control/reset', {})),
        stop: () =>
          new Promise<void>((done) => {
            const cleanUp = () => {
              if (ownDir) rmSync(dataDir, { recursive: true, force: true });
              done();
            };
            if (child.exitCode !== null || child.signalCode !== null) return cleanUp();
            child.once('exit', cleanUp);
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
