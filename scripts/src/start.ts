/**
 * `npm start`: API and worker in one process, on one machine. This file only launches: what runs
 * and how it is bound together is the server's composition root (`composeApplication`).
 * When MONGODB_URI / REDIS_URL are unset, the local FerretDB / Redis are started on loopback ports
 * with their data under the configured data folder (.data/ by default); on such a one-machine start
 * without PUBLIC_SECURITY_FILING_URL, the public-security simulator too. SIGINT/SIGTERM drain the
 * worker first, then close HTTP, then stop the local servers, and exit 0.
 */
import { describeError } from '@eseal/core';
import {
  composeApplication,
  loadConfig,
  localCourtChainClients,
  localRelayClientKey,
  startServer,
  useLocalCourtChain,
  LOCAL_ENDPOINTS_FILE,
  checkStartEnvironment,
  type HealthProbe,
  type LocalEndpoints,
  type LocalLaunches,
} from '@eseal/server';
import { startLedgerEvents, startWorker } from '@eseal/worker';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pingHttpHealth, startLocalServices, type LocalServices } from './local-services';
import { developmentTsaCertifier, useLocalTsa } from './tsa-wiring';

/** The database the app uses on a local FerretDB (a deployment names its own in MONGODB_URI). */
const LOCAL_DATABASE = 'eseal';
const SHUTDOWN_TIMEOUT_MS = 30_000;
/**
 * With a store gone, draining cannot finish (the worker's jobs and the HTTP requests wait on it):
 * what can close in this time does, then the process exits, so a supervisor restarts it promptly.
 */
const STORE_LOST_SHUTDOWN_MS = 3_000;

type Closer = { name: string; close(): Promise<void> };

function say(message: string): void {
  process.stdout.write(`start: ${message}\n`);
}

async function launchMissingServices(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  launches: LocalLaunches,
  lifecycle: { caDir: string; publicBaseUrl?: string },
): Promise<LocalServices | undefined> {
  if (!launches.mongodb && !launches.redis && !launches.publicSecurity && !launches.courtChain && !launches.tsa) return undefined;
  // No court chain configured on a one-machine start: relay to the local court-chain simulator.
  const courtChain = launches.courtChain ? { clients: localCourtChainClients(localRelayClientKey(env, dataDir)) } : undefined;
  const local = await startLocalServices({
    dataDir,
    log: say,
    mongodb: launches.mongodb,
    redis: launches.redis,
    publicSecurity: launches.publicSecurity,
    ...(courtChain ? { courtChain } : {}),
    // No TSA configured on a one-machine start: the local one, certified by the development CA.
    ...(launches.tsa ? { tsa: { certify: developmentTsaCertifier(lifecycle.caDir, lifecycle.publicBaseUrl) } } : {}),
  });
  if (local.mongodbUri) env.MONGODB_URI = `${local.mongodbUri}${LOCAL_DATABASE}`;
  if (local.redisUrl) env.REDIS_URL = local.redisUrl;
  if (local.publicSecurityUrl) env.PUBLIC_SECURITY_FILING_URL = local.publicSecurityUrl;
  if (local.courtChain) useLocalCourtChain(env, local.courtChain);
  if (local.tsaUrl) useLocalTsa(env, local.tsaUrl);
  return local;
}

/** /health lists the local simulators beside the stores and the ledger, as a dependency the service uses. */
function localServiceProbes(local: LocalServices | undefined): HealthProbe[] {
  const simulators: Array<[string, string | undefined]> = [
    ['public-security-simulator', local?.publicSecurityUrl],
    ['court-chain-simulator', local?.courtChain?.url],
    ['time-stamp-authority', local?.tsaUrl],
  ];
  return simulators.flatMap(([name, url]) => (url ? [{ name, check: () => pingHttpHealth(url) }] : []));
}

/** Closes in reverse start order; keeps going past a failure so every resource gets its chance. */
async function closeAll(closers: Closer[]): Promise<boolean> {
  let clean = true;
  for (const closer of [...closers].reverse()) {
    try {
      await closer.close();
      say(`${closer.name} stopped`);
    } catch (error) {
      clean = false;
      process.stderr.write(`start: stopping ${closer.name} failed: ${describeError(error)}\n`);
    }
  }
  return clean;
}

/**
 * Lets `seal` commands run beside this process find the local stores and, once it listens, the API
 * (see server/src/cli/local-endpoints.ts). Owner-only: the URIs carry no secrets today, but the file
 * says where the records are.
 */
function writeLocalEndpoints(dataDir: string, env: NodeJS.ProcessEnv, apiUrl?: string): void {
  const record: LocalEndpoints = { mongodbUri: env.MONGODB_URI, redisUrl: env.REDIS_URL, ...(apiUrl ? { apiUrl } : {}), pid: process.pid };
  writeFileSync(join(dataDir, LOCAL_ENDPOINTS_FILE), JSON.stringify(record) + '\n', { mode: 0o600 });
}

async function main(): Promise<void> {
  const env = { ...process.env };
  const closers: Closer[] = [];
  let stopping = false;

  const shutdown = async (reason: string, exitCode: number, deadlineMs = SHUTDOWN_TIMEOUT_MS): Promise<void> => {
    if (stopping) return;
    stopping = true;
    say(`${reason}: draining the worker, closing HTTP, stopping local services`);
    const timer = setTimeout(() => {
      process.stderr.write(`start: FAILED: shutdown did not finish within ${deadlineMs} ms\n`);
      process.exit(1);
    }, deadlineMs);
    timer.unref();
    const clean = await closeAll(closers);
    process.exit(clean ? exitCode : 1);
  };
  // Registered before anything starts, so a signal during start-up still stops what is already up.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal, 0));

  try {
    // Validate the whole environment before starting any process (`seal config check` runs the same).
    const { config: provisional, configOptions, launches, lifecycle } = checkStartEnvironment(env);
    const local = await launchMissingServices(env, provisional.dataDir, launches, lifecycle);
    if (local) {
      closers.push({ name: 'local services', close: () => local.stop() });
      writeLocalEndpoints(provisional.dataDir, env);
      closers.push({
        name: 'local endpoints record',
        close: async () => rmSync(join(provisional.dataDir, LOCAL_ENDPOINTS_FILE), { force: true }),
      });
      // Running on without its store would only fail every request: stop the whole process instead.
      void local.unexpectedExit.then((reason) => {
        process.stderr.write(`start: local service died: ${reason}\n`);
        void shutdown('local service died', 1, STORE_LOST_SHUTDOWN_MS);
      });
    }

    const config = loadConfig(env, configOptions);
    const app = await composeApplication({ env, config, probes: localServiceProbes(local) });
    // Closed after the server, the worker and the ledger events (closers run in reverse): the relay
    // queues and the one ledger client they all share.
    closers.push({ name: 'ledger and relay queues', close: () => app.close() });
    const server = await startServer(config, { metrics: app.metrics, extend: app.extend });
    closers.push({ name: 'HTTP server', close: () => server.close() });
    const worker = await startWorker(config, { processors: app.processors() });
    closers.push({ name: 'worker', close: () => worker.close() });
    // After the worker: chaincode events re-queue filing jobs and store anchored batches, and the
    // queues they feed should be consumed. Closed before the worker, so no event lands mid-drain.
    const ledgerEvents = await startLedgerEvents(config, app.ledgerEventPorts());
    closers.push({ name: 'ledger event consumer', close: () => ledgerEvents.close() });
    if (local) writeLocalEndpoints(provisional.dataDir, env, server.url);
    say(`ready: API at ${server.url}`);
  } catch (error) {
    process.stderr.write(`start: FAILED: ${describeError(error)}\n`);
    await closeAll(closers);
    process.exit(1);
  }
}

void main();
