import fs from 'node:fs';
import path from 'node:path';
import { resolveRedisServerBinary } from './binaries';
import { LOOPBACK_HOST } from './free-port';
import { spawnService } from './managed-process';
import type { RunningService } from './running-service';
import { pingRedis } from './redis-ping';
import { silentLog, type ServiceLog } from './service-log';
import { startOnPort } from './start-with-port';
import { waitUntilReady } from './wait-until-ready';

export interface StartRedisOptions {
  /** Folder for this service's files: `redis/` (data) and `logs/redis.log` are created in it. */
  dataDir: string;
  /** Loopback port; a free one is chosen when absent. */
  port?: number;
  /** Keep queue data across restarts (append-only file). Tests turn it off for speed. */
  persist?: boolean;
  startTimeoutMs?: number;
  log?: ServiceLog;
  env?: NodeJS.ProcessEnv;
}

function redisArgs(port: number, dir: string, persist: boolean): string[] {
  return [
    '--bind',
    LOOPBACK_HOST,
    '--port',
    String(port),
    '--dir',
    dir,
    '--daemonize',
    'no',
    '--logfile',
    '',
    // BullMQ loses jobs silently if Redis evicts keys under memory pressure; fail writes instead.
    '--maxmemory-policy',
    'noeviction',
    // No RDB snapshots: persistence, when wanted, is the append-only file (every write, fsync each second).
    '--save',
    '',
    '--appendonly',
    persist ? 'yes' : 'no',
  ];
}

export async function startRedis(options: StartRedisOptions): Promise<RunningService> {
  const log = options.log ?? silentLog;
  const binary = resolveRedisServerBinary(options.env);
  const dir = path.resolve(options.dataDir, 'redis');
  fs.mkdirSync(dir, { recursive: true });
  const logFile = path.resolve(options.dataDir, 'logs', 'redis.log');

  return startOnPort('redis', options.port, async (port) => {
    const child = await spawnService({ service: 'redis', binary, args: redisArgs(port, dir, options.persist ?? true), logFile });
    await waitUntilReady({
      service: 'redis',
      process: child,
      probe: () => pingRedis(LOOPBACK_HOST, port),
      timeoutMs: options.startTimeoutMs ?? 15_000,
    });
    const url = `redis://${LOOPBACK_HOST}:${port}`;
    log(`redis: ready at ${url} (pid ${child.pid}, data ${dir})`);
    return { url, pid: child.pid, binary, exited: child.exited, stop: () => child.stop() };
  });
}
