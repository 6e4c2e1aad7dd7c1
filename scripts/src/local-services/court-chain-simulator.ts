import path from 'node:path';
import { LOOPBACK_HOST } from './free-port';
import { spawnService } from './managed-process';
import { REPO_ROOT } from './repo-root';
import type { RunningService } from './running-service';
import { silentLog, type ServiceLog } from './service-log';
import { startOnPort } from './start-with-port';
import { waitUntilReady } from './wait-until-ready';

export interface StartCourtChainOptions {
  /** Its data goes to `court-chain/` (chain file, court key, registered clients), its log to `logs/court-chain.log`. */
  dataDir: string;
  port?: number;
  /** Applications the court accepts signed requests from: app id and SM2 public key (hex point). */
  clients: ReadonlyArray<{ appId: string; publicKeyHex: string }>;
  startTimeoutMs?: number;
  log?: ServiceLog;
}

export interface RunningCourtChain extends RunningService {
  /** The court's receipt-signing key (hex point), for the relay's configuration. */
  publicKeyHex: string;
}

const ENTRY = path.join(REPO_ROOT, 'scripts', 'dist', 'simulators', 'court-chain', 'main.js');

async function getJson(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

/** The local court-chain simulator (scripts/src/simulators/court-chain), its own loopback process. */
export async function startCourtChain(options: StartCourtChainOptions): Promise<RunningCourtChain> {
  const log = options.log ?? silentLog;
  const dir = path.resolve(options.dataDir, 'court-chain');
  const logFile = path.resolve(options.dataDir, 'logs', 'court-chain.log');
  const binary = process.execPath;
  return startOnPort('court-chain', options.port, async (port) => {
    const clientArgs = options.clients.flatMap((c) => ['--client', `${c.appId}=${c.publicKeyHex}`]);
    const child = await spawnService({
      service: 'court-chain',
      binary,
      args: [ENTRY, '--data-dir', dir, '--port', String(port), ...clientArgs],
      logFile,
    });
    const url = `http://${LOOPBACK_HOST}:${port}`;
    await waitUntilReady({
      service: 'court-chain',
      process: child,
      probe: async () => void (await getJson(`${url}/health`)),
      timeoutMs: options.startTimeoutMs ?? 15_000,
    });
    const { publicKey } = await getJson(`${url}/evidence/v1/court-key`);
    log(`court-chain: simulator ready at ${url} (pid ${child.pid}, data ${dir})`);
    return { url, pid: child.pid, binary, exited: child.exited, stop: () => child.stop(), publicKeyHex: String(publicKey) };
  });
}
