/**
 * `npm start`: API and worker in one process, on one machine.
 * When MONGODB_URI / REDIS_URL are unset, the local FerretDB / Redis are started on loopback ports
 * with their data under the configured data folder (.data/ by default). SIGINT/SIGTERM drain the
 * worker first, then close HTTP, then stop the local servers, and exit 0.
 */
import { isSealError } from '@eseal/core';
import {
  composeExtensions,
  lifecycleServerExtension,
  loadConfig,
  openConfiguredLedger,
  readSecurityOptions,
  securityServerExtension,
  startServer,
  type AppConfig,
  type LoadConfigOptions,
  type Services,
} from '@eseal/server';
import { PROCESSORS, anchorProcessor, filingProcessor, startLedgerEvents, startWorker, type LedgerEventPorts, type ProcessorFactory } from '@eseal/worker';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalServices, type LocalServices } from './local-services';

/** The database the app uses on a local FerretDB (a deployment names its own in MONGODB_URI). */
const LOCAL_DATABASE = 'eseal';
const SHUTDOWN_TIMEOUT_MS = 30_000;
/**
 * With a store gone, draining cannot finish (the worker's jobs and the HTTP requests wait on it):
 * what can close in this time does, then the process exits, so a supervisor restarts it promptly.
 */
const STORE_LOST_SHUTDOWN_MS = 3_000;
// Stand-ins that only let loadConfig validate everything else before any server is started.
const PLACEHOLDER_MONGODB_URI = 'mongodb://127.0.0.1:27017/eseal';
const PLACEHOLDER_REDIS_URL = 'redis://127.0.0.1:6379';

type Closer = { name: string; close(): Promise<void> };

function say(message: string): void {
  process.stdout.write(`start: ${message}\n`);
}

function describe(error: unknown): string {
  if (isSealError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

async function launchMissingServices(env: NodeJS.ProcessEnv, dataDir: string): Promise<LocalServices | undefined> {
  const needMongo = !env.MONGODB_URI;
  const needRedis = !env.REDIS_URL;
  if (!needMongo && !needRedis) return undefined;
  const local = await startLocalServices({ dataDir, log: say, mongodb: needMongo, redis: needRedis });
  if (local.mongodbUri) env.MONGODB_URI = `${local.mongodbUri}${LOCAL_DATABASE}`;
  if (local.redisUrl) env.REDIS_URL = local.redisUrl;
  return local;
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
      process.stderr.write(`start: stopping ${closer.name} failed: ${describe(error)}\n`);
    }
  }
  return clean;
}

/**
 * Lets `seal` commands run beside this process find the local stores (see server/src/cli/local-endpoints.ts).
 * Owner-only: the URIs carry no secrets today, but the file says where the records are.
 */
function publishLocalEndpoints(dataDir: string, env: NodeJS.ProcessEnv, closers: Closer[]): void {
  const file = join(dataDir, 'local-services.json');
  writeFileSync(file, JSON.stringify({ mongodbUri: env.MONGODB_URI, redisUrl: env.REDIS_URL, pid: process.pid }) + '\n', { mode: 0o600 });
  closers.push({ name: 'local endpoints record', close: async () => rmSync(file, { force: true }) });
}

/** Processors that need the server's stores and ledger, bound here because the worker never imports server internals. */
function serviceProcessors(services: Services | undefined): ProcessorFactory[] {
  if (!services) throw new Error('the server started without its services');
  return [filingProcessor(services.filingPorts), anchorProcessor(services.signing.anchorPorts)];
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
    // The development key file (under DATA_DIR, when SERVER_KEK is unset) only for a one-machine
    // start: with both stores given, this is a deployment and must bring its own key.
    const configOptions: LoadConfigOptions = { devKekFile: !env.MONGODB_URI || !env.REDIS_URL };
    // Validate the whole configuration before starting any process.
    const provisional: AppConfig = loadConfig(
      { ...env, MONGODB_URI: env.MONGODB_URI || PLACEHOLDER_MONGODB_URI, REDIS_URL: env.REDIS_URL || PLACEHOLDER_REDIS_URL },
      configOptions,
    );
    const local = await launchMissingServices(env, provisional.dataDir);
    if (local) {
      closers.push({ name: 'local services', close: () => local.stop() });
      publishLocalEndpoints(provisional.dataDir, env, closers);
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
    const server = await startServer(config, {
      extend: composeExtensions(
        securityServerExtension({ ...securityOptions, ledger }),
        lifecycleServerExtension({ env, ledgerClient: ledger, onReady: (built) => (services = built) }),
      ),
    });
    closers.push({ name: 'HTTP server', close: () => server.close() });
    const worker = await startWorker(config, { processors: [...PROCESSORS, ...serviceProcessors(services)] });
    closers.push({ name: 'worker', close: () => worker.close() });
    // After the worker: chaincode events re-queue filing jobs and store anchored batches, and the
    // queues they feed should be consumed. Closed before the worker, so no event lands mid-drain.
    const ledgerEvents = await startLedgerEvents(config, ledgerEventPorts(services));
    closers.push({ name: 'ledger event consumer', close: () => ledgerEvents.close() });
    say(`ready: API at ${server.url}`);
  } catch (error) {
    process.stderr.write(`start: FAILED: ${describe(error)}\n`);
    await closeAll(closers);
    process.exit(1);
  }
}

void main();
