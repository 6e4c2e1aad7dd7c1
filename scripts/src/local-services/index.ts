import path from 'node:path';
import { lockDataDir } from './data-dir-lock';
import { describeExit } from './managed-process';
import { startFerretDB } from './ferretdb';
import { startPublicSecuritySimulator } from './public-security';
import { startRedis } from './redis-server';
import { startCourtChain, type RunningCourtChain, type StartCourtChainOptions } from './court-chain-simulator';
import { startTsa, type StartTsaOptions } from './tsa';
import type { RunningService } from './running-service';
import { silentLog, type ServiceLog } from './service-log';

export { startRedis, type StartRedisOptions } from './redis-server';
export type { RunningService } from './running-service';
export type { ProcessExit } from './managed-process';
export { startFerretDB, type StartFerretDBOptions } from './ferretdb';
export { startCourtChain, type StartCourtChainOptions, type RunningCourtChain } from './court-chain-simulator';
export { startTsa, TSA_MAIN, type StartTsaOptions, type TsaCertifier } from './tsa';
export { pingRedis } from './redis-ping';
export { pingMongo, type MongoHello } from './ferretdb-ping';
export {
  startPublicSecuritySimulator,
  pingHttpHealth,
  PUBLIC_SECURITY_SIMULATOR_MAIN,
  type StartPublicSecurityOptions,
} from './public-security';
export { findFreePort, isPortFree, LOOPBACK_HOST } from './free-port';
export { REPO_ROOT } from './repo-root';
export { reclaimAbandonedDataDir } from './data-dir-lock';
export type { ServiceLog } from './service-log';

export interface LocalServicesOptions {
  /** Root of the services' files: `redis/`, `ferretdb/`, `logs/` and a lock file go in it. */
  dataDir: string;
  log?: ServiceLog;
  /** Which services to start: Redis and FerretDB by default, the public-security simulator when asked. */
  redis?: boolean;
  mongodb?: boolean;
  publicSecurity?: boolean;
  redisPort?: number;
  /** Also start the court-chain simulator, accepting these clients (off unless given). */
  courtChain?: Pick<StartCourtChainOptions, 'clients' | 'port'>;
  /** Also start the local time-stamp authority, certified by this certifier (off unless given). */
  tsa?: Pick<StartTsaOptions, 'certify' | 'port'>;
  mongodbPort?: number;
  /** Keep Redis data across restarts (default true); FerretDB always writes its SQLite files. */
  persistRedis?: boolean;
  startTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface LocalServices {
  /** Set when FerretDB was started. */
  mongodbUri: string | undefined;
  /** Set when Redis was started. */
  redisUrl: string | undefined;
  /** Base URL of the public-security simulator, when it was started. */
  publicSecurityUrl: string | undefined;
  /** Set when the court-chain simulator was started. */
  courtChain: { url: string; publicKeyHex: string } | undefined;
  /** Base URL of the local time-stamp authority, when it was started. */
  tsaUrl: string | undefined;
  /**
   * Settles with a one-line reason if a started service exits on its own (a crash, an OOM kill);
   * never settles once stop() was called. Lets a launcher shut down instead of running without a store.
   */
  unexpectedExit: Promise<string>;
  /** Stops every started service (Redis last, after the database) and releases the data folder. */
  stop(): Promise<void>;
}

/**
 * Starts the local Redis and FerretDB on free loopback ports and waits until each answers a real
 * protocol ping. If either fails, the other is stopped again before the error is thrown, so a
 * failed start leaves no process behind.
 */
export async function startLocalServices(options: LocalServicesOptions): Promise<LocalServices> {
  const dataDir = path.resolve(options.dataDir);
  const log = options.log ?? silentLog;
  const lock = lockDataDir(dataDir);
  const common = { dataDir, log, startTimeoutMs: options.startTimeoutMs, env: options.env };

  const starting: Array<Promise<RunningService> | undefined> = [
    options.mongodb === false ? undefined : startFerretDB({ ...common, port: options.mongodbPort }),
    options.redis === false ? undefined : startRedis({ ...common, port: options.redisPort, persist: options.persistRedis }),
    options.publicSecurity === true ? startPublicSecuritySimulator(common) : undefined,
    options.courtChain === undefined ? undefined : startCourtChain({ ...common, ...options.courtChain }),
    options.tsa === undefined ? undefined : startTsa({ ...common, ...options.tsa }),
  ];
  const results = await Promise.allSettled(starting.map((start) => start ?? Promise.resolve(undefined)));
  const started = results.flatMap((result) => (result.status === 'fulfilled' && result.value ? [result.value] : []));
  for (const service of started) lock.recordChild(service.pid, service.binary);

  let stopping = false;
  const stop = async (): Promise<void> => {
    stopping = true;
    for (const service of started) await service.stop();
    lock.release();
  };

  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) {
    await stop();
    throw failure.reason;
  }
  const [mongodb, redis, publicSecurity, courtChain, tsa] = results.map((result) =>
    result.status === 'fulfilled' ? result.value : undefined,
  );
  const unexpectedExit = new Promise<string>((resolve) => {
    for (const [name, service] of [
      ['ferretdb', mongodb],
      ['redis', redis],
      ['public-security', publicSecurity],
      ['court-chain', courtChain],
      ['tsa', tsa],
    ] as const) {
      void service?.exited.then((exit) => {
        if (!stopping) resolve(`${name} (pid ${service.pid}) ${describeExit(exit)}; see ${path.join(dataDir, 'logs', `${name}.log`)}`);
      });
    }
  });
  const court = courtChain as RunningCourtChain | undefined;
  return {
    mongodbUri: mongodb?.url,
    redisUrl: redis?.url,
    publicSecurityUrl: publicSecurity?.url,
    tsaUrl: tsa?.url,
    unexpectedExit,
    stop: onlyOnce(stop),
    courtChain: court ? { url: court.url, publicKeyHex: court.publicKeyHex } : undefined,
  };
}

function onlyOnce(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= action());
}
