/**
 * Brings the local Fabric network up for the suite when it is not already running (a cold machine
 * builds Fabric first, minutes; the cache outside the clone makes later runs start in seconds), then
 * the test services (FerretDB, Redis) that the API-level suite needs, as the default test run does.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import startTestServices from '../support/global-setup';
import { REPO_DIR, networkRunning } from './network';

export const STARTED_KEY = '__esealFabricStartedBySuite';

/** Generous: a cold run compiles Fabric on a shared 2-core machine. */
const UP_TIMEOUT_MS = Number(process.env.ESEAL_FABRIC_UP_TIMEOUT_MS ?? 45 * 60_000);

export default async function globalSetup(): Promise<void> {
  bringNetworkUp();
  await startTestServices();
}

function bringNetworkUp(): void {
  if (networkRunning()) return;
  const started = Date.now();
  const result = spawnSync('bash', [join(REPO_DIR, 'network/scripts/up.sh')], {
    cwd: REPO_DIR,
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
    timeout: UP_TIMEOUT_MS,
  });
  process.stderr.write(result.stderr ?? '');
  if (result.error !== undefined || result.status !== 0) {
    const line = (result.stderr ?? '')
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('fabric:'))
      .pop();
    throw new Error(`npm run fabric:up failed${result.error ? ` (${result.error.message})` : ''}: ${line ?? 'no output'}`);
  }
  (globalThis as Record<string, unknown>)[STARTED_KEY] = true;
  process.stderr.write(`fabric network up for the suite in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
}
