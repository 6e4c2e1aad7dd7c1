import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './repo-root';
import { serviceUnavailable } from './service-error';

const SETUP_HINT = 'run `npm run setup`';

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function findOnPath(command: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir !== '' && isExecutable(path.join(dir, command))) return path.join(dir, command);
  }
  return undefined;
}

/** redis-server from ESEAL_REDIS_SERVER_BIN, else from PATH (setup installs Debian's package). */
export function resolveRedisServerBinary(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.ESEAL_REDIS_SERVER_BIN;
  if (configured) {
    if (isExecutable(configured)) return configured;
    throw serviceUnavailable('redis', `ESEAL_REDIS_SERVER_BIN=${configured} is not an executable file`, { binary: configured });
  }
  const found = findOnPath('redis-server', env);
  if (found) return found;
  throw serviceUnavailable('redis', `redis-server is not installed (not on PATH); ${SETUP_HINT}`);
}

/** Our FerretDB build from ESEAL_FERRETDB_BIN, else the one setup linked under .tools/ferretdb/. */
export function resolveFerretDBBinary(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.ESEAL_FERRETDB_BIN;
  if (configured) {
    if (isExecutable(configured)) return configured;
    throw serviceUnavailable('ferretdb', `ESEAL_FERRETDB_BIN=${configured} is not an executable file`, { binary: configured });
  }
  const built = path.join(REPO_ROOT, '.tools', 'ferretdb', 'eseal-ferretdb');
  if (isExecutable(built)) return built;
  throw serviceUnavailable('ferretdb', `FerretDB is not built (no .tools/ferretdb/eseal-ferretdb); ${SETUP_HINT}`, { binary: built });
}
