/**
 * Stops the test services, and takes the network down only when this run brought it up and
 * ESEAL_FABRIC_KEEP is not 1.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import stopTestServices from '../support/global-teardown';
import { STARTED_KEY } from './global-setup';
import { REPO_DIR } from './network';

export default async function globalTeardown(): Promise<void> {
  try {
    await stopTestServices();
  } finally {
    if ((globalThis as Record<string, unknown>)[STARTED_KEY] === true && process.env.ESEAL_FABRIC_KEEP !== '1') {
      spawnSync('bash', [join(REPO_DIR, 'network/scripts/down.sh')], { cwd: REPO_DIR, stdio: 'inherit', timeout: 60_000 });
    }
  }
}
