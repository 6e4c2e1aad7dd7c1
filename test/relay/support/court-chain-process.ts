import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The court-chain simulator in its own process (the built entry, as npm start runs it), with typed control calls. */
export interface CourtChainProcess {
  readonly url: string;
  readonly publicKeyHex: string;
  readonly child: ChildProcess;
  armFault(fault: { mode: string; count?: number; delayMs?: number; status?: number; code?: string; durationMs?: number }): Promise<void>;
  clearFaults(): Promise<void>;
  registerClient(appId: string, publicKeyHex: string): Promise<void>;
  stats(): Promise<{ requests: number; authFailures: number; repeats: number; records: number; submissions: Record<string, number> }>;
  stop(): Promise<void>;
}

const ENTRY = path.resolve(__dirname, '..', '..', '..', 'scripts', 'dist', 'simulators', 'court-chain', 'main.js');

async function control<T>(url: string, method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${route}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`court-chain control ${method} ${route}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Forks the simulator on `dataDir` (and `port`, to come back on the same address after a restart). */
export function spawnCourtChain(
  dataDir: string,
  options: { port?: number; clients?: Array<[string, string]> } = {},
): Promise<CourtChainProcess> {
  const args = [
    '--data-dir',
    dataDir,
    '--port',
    String(options.port ?? 0),
    ...(options.clients ?? []).flatMap(([id, key]) => ['--client', `${id}=${key}`]),
  ];
  const child = fork(ENTRY, args, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`court-chain simulator did not start: ${stderr}`));
    }, 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`court-chain simulator exited with ${code}: ${stderr}`));
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.includes('"listening"'));
      if (line === undefined) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const { url, publicKey } = JSON.parse(line) as { url: string; publicKey: string };
      resolve({
        url,
        publicKeyHex: publicKey,
        child,
        armFault: async (fault) => void (await control(url, 'POST', '/__control/faults', fault)),
        clearFaults: async () => void (await control(url, 'DELETE', '/__control/faults')),
        registerClient: async (appId, key) => void (await control(url, 'PUT', `/__control/clients/${appId}`, { publicKey: key })),
        stats: () => control(url, 'GET', '/__control/stats'),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
