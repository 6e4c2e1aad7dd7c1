import fs from 'node:fs';
import path from 'node:path';
import { resolveFerretDBBinary } from './binaries';
import { pingMongo } from './ferretdb-ping';
import { LOOPBACK_HOST } from './free-port';
import { spawnService } from './managed-process';
import type { RunningService } from './running-service';
import { silentLog, type ServiceLog } from './service-log';
import { startOnPort } from './start-with-port';
import { waitUntilReady } from './wait-until-ready';

export interface StartFerretDBOptions {
  /** Folder for this service's files: `ferretdb/` (one SQLite file per database) and `logs/ferretdb.log`. */
  dataDir: string;
  /** Loopback port; a free one is chosen when absent. */
  port?: number;
  startTimeoutMs?: number;
  log?: ServiceLog;
  env?: NodeJS.ProcessEnv;
}

export async function startFerretDB(options: StartFerretDBOptions): Promise<RunningService> {
  const log = options.log ?? silentLog;
  const binary = resolveFerretDBBinary(options.env);
  const dir = path.resolve(options.dataDir, 'ferretdb');
  fs.mkdirSync(dir, { recursive: true });
  const logFile = path.resolve(options.dataDir, 'logs', 'ferretdb.log');

  return startOnPort('ferretdb', options.port, async (port) => {
    // Log level error: at warn FerretDB dumps every failed command (each duplicate-key insert an
    // idempotent step makes) as a multi-line message, which grows the log fast under load.
    const args = ['--listen-addr', `${LOOPBACK_HOST}:${port}`, '--sqlite-dir', dir, '--log-level', 'error', '--stop-when-orphaned'];
    const child = await spawnService({ service: 'ferretdb', binary, args, logFile });
    const url = `mongodb://${LOOPBACK_HOST}:${port}/`;
    await waitUntilReady({
      service: 'ferretdb',
      process: child,
      probe: async () => {
        await pingMongo(url);
      },
      timeoutMs: options.startTimeoutMs ?? 20_000,
    });
    log(`ferretdb: ready at ${url} (pid ${child.pid}, data ${dir})`);
    return { url, pid: child.pid, binary, exited: child.exited, stop: () => child.stop() };
  });
}
