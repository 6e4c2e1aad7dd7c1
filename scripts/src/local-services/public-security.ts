import path from 'node:path';
import { LOOPBACK_HOST } from './free-port';
import { REPO_ROOT } from './repo-root';
import { spawnService } from './managed-process';
import type { RunningService } from './running-service';
import { silentLog, type ServiceLog } from './service-log';
import { startOnPort } from './start-with-port';
import { waitUntilReady } from './wait-until-ready';

export interface StartPublicSecurityOptions {
  /** Folder for this service's files: `public-security/` (journal, signing key) and `logs/public-security.log`. */
  dataDir: string;
  port?: number;
  startTimeoutMs?: number;
  log?: ServiceLog;
}

/** The simulator's entry point in the built output (tests load this file from source, so not relative to it). */
export const PUBLIC_SECURITY_SIMULATOR_MAIN = path.join(REPO_ROOT, 'scripts', 'dist', 'simulators', 'public-security', 'main.js');

/** The service's own health route: one real HTTP round trip. */
export async function pingHttpHealth(url: string): Promise<void> {
  const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
  if (res.status !== 200) throw new Error(`GET /health answered ${res.status}`);
  await res.arrayBuffer();
}

/**
 * Starts the public-security simulator (filing 备案 and the engraving registry) as its own process
 * on a loopback port, so a seal can be filed and become ACTIVE without any outside system.
 */
export async function startPublicSecuritySimulator(options: StartPublicSecurityOptions): Promise<RunningService> {
  const log = options.log ?? silentLog;
  const dir = path.resolve(options.dataDir, 'public-security');
  const logFile = path.resolve(options.dataDir, 'logs', 'public-security.log');
  const binary = process.execPath;
  return startOnPort('public-security', options.port, async (port) => {
    const child = await spawnService({
      service: 'public-security',
      binary,
      args: [PUBLIC_SECURITY_SIMULATOR_MAIN, '--data-dir', dir, '--port', String(port)],
      logFile,
    });
    const url = `http://${LOOPBACK_HOST}:${port}`;
    await waitUntilReady({
      service: 'public-security',
      process: child,
      probe: () => pingHttpHealth(url),
      timeoutMs: options.startTimeoutMs ?? 15_000,
    });
    log(`public-security: simulator ready at ${url} (pid ${child.pid}, data ${dir})`);
    return { url, pid: child.pid, binary, exited: child.exited, stop: () => child.stop() };
  });
}
