/**
 * `npm start`: API and worker in one process, on one machine.
 * When MONGODB_URI / REDIS_URL are unset, the local FerretDB / Redis are started on loopback ports
 * with their data under the configured data folder (.data/ by default); on such a one-machine start
 * without PUBLIC_SECURITY_FILING_URL, the public-security simulator too. SIGINT/SIGTERM drain the
 * worker first, then close HTTP, then stop the local servers, and exit 0.
 */
import { describeError } from '@eseal/core';
import {
  composeExtensions,
  createMetrics,
  lifecycleServerExtension,
  loadConfig,
  openConfiguredLedger,
  readSecurityOptions,
  securityServerExtension,
  startServer,
  LOCAL_ENDPOINTS_FILE,
  checkStartEnvironment,
  type HealthProbe,
  type LocalEndpoints,
  type LocalLaunches,
  type Services,
} from '@eseal/server';
import {
  PROCESSORS,
  anchorProcessor,
  filingProcessor,
  startLedgerEvents,
  startWorker,
  type LedgerEventPorts,
  type ProcessorFactory,
} from '@eseal/worker';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pingHttpHealth, startLocalServices, type LocalServices } from './local-services';
import { localCourtChainClients, localRelayClientKey, useLocalCourtChain, wireRelay } from './relay-wiring';
import { developmentTsaCertifier, useLocalTsa } from './tsa-wiring';
import { wireCertificates } from './certificate-wiring';
import { webhookProcessors } from './webhook-wiring';

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

/** Processors that need the server's stores and ledger, bound here because the worker never imports server internals. */
function serviceProcessors(services: Services | undefined): ProcessorFactory[] {
  if (!services) throw new Error('the server started without its services');
  const metrics = services.deps.metrics;
  return [
    filingProcessor(services.filingPorts),
    anchorProcessor(services.signing.anchorPorts, { onRun: (run) => metrics?.anchoredSignatures.inc(run.anchored) }),
  ];
}

/** The server's ledger client and stores behind the worker's ledger-event ports (typed here, where both meet). */
function ledgerEventPorts(services: Services | undefined): LedgerEventPorts {
  if (!services) throw new Error('the server started without its services');
  return services.ledgerEventPorts;
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
    const securityOptions = readSecurityOptions(env);
    // One ledger client for the whole process: the lifecycle writes seals and evidence through it, the
    // security feature anchors the audit log on it and verifies against it. Opened before the server
    // and closed after it (closers run in reverse), so no feature outlives it.
    const ledger = await openConfiguredLedger(config, env);
    closers.push({ name: 'ledger', close: () => ledger.close() });
    let services: Services | undefined;
    const metrics = createMetrics();
    const relay = await wireRelay({ env, redisUrl: config.redisUrl, queuePrefix: config.queuePrefix, metrics, services: () => services });
    closers.push({ name: 'relay queues', close: () => relay.close() });
    const certificates = wireCertificates({ env, redisUrl: config.redisUrl, queuePrefix: config.queuePrefix, services: () => services });
    closers.push({ name: 'certificate queue', close: () => certificates.close() });
    const server = await startServer(config, {
      metrics,
      extend: composeExtensions(
        securityServerExtension({ ...securityOptions, ledger }),
        lifecycleServerExtension({ env, ledgerClient: ledger, onReady: (built) => (services = built) }),
        () => ({ probes: localServiceProbes(local) }),
        relay.extension,
        certificates.extension,
      ),
    });
    closers.push({ name: 'HTTP server', close: () => server.close() });
    const worker = await startWorker(config, {
      processors: [...PROCESSORS, ...serviceProcessors(services), ...relay.processors(), ...certificates.processors(), ...webhookProcessors(services)],
    });
    closers.push({ name: 'worker', close: () => worker.close() });
    // After the worker: chaincode events re-queue filing jobs and store anchored batches, and the
    // queues they feed should be consumed. Closed before the worker, so no event lands mid-drain.
    const relayPort = relay.relayPort();
    const ledgerEvents = await startLedgerEvents(config, { ...ledgerEventPorts(services), ...(relayPort ? { relay: relayPort } : {}) });
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
