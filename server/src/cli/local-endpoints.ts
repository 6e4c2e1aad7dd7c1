import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isProcessAlive } from '../infra/pid-lock';

/**
 * `npm start` on one machine runs FerretDB and Redis on free loopback ports and records them, and
 * the API's address once it listens, in DATA_DIR/local-services.json. CLI commands run beside it
 * (`seal demo`, `seal admin create`) read that record when MONGODB_URI / REDIS_URL / ESEAL_API_URL
 * are unset, so a newcomer needs no ports copied by hand. Explicit environment values always win;
 * a record whose launcher is gone is ignored.
 */
export const LOCAL_ENDPOINTS_FILE = 'local-services.json';

export interface LocalEndpoints {
  mongodbUri?: string;
  redisUrl?: string;
  /** The API's base URL (http://host:port), written once the server listens. */
  apiUrl?: string;
  pid: number;
}

export function withLocalEndpoints(env: NodeJS.ProcessEnv, cwd: string): NodeJS.ProcessEnv {
  if (env.MONGODB_URI && env.REDIS_URL && env.ESEAL_API_URL) return env;
  const file = resolve(cwd, env.DATA_DIR || '.data', LOCAL_ENDPOINTS_FILE);
  let record: LocalEndpoints;
  try {
    record = JSON.parse(readFileSync(file, 'utf8')) as LocalEndpoints;
  } catch {
    return env;
  }
  if (!Number.isInteger(record.pid) || !isProcessAlive(record.pid)) return env;
  return {
    ...env,
    ...(!env.MONGODB_URI && typeof record.mongodbUri === 'string' ? { MONGODB_URI: record.mongodbUri } : {}),
    ...(!env.REDIS_URL && typeof record.redisUrl === 'string' ? { REDIS_URL: record.redisUrl } : {}),
    ...(!env.ESEAL_API_URL && typeof record.apiUrl === 'string' ? { ESEAL_API_URL: record.apiUrl } : {}),
  };
}
