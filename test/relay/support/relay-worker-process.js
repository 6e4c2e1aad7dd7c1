'use strict';
/**
 * A relay worker as its own process, built the way npm start builds it (the built packages, the
 * MongoDB relay store, one processor per court chain), so fault tests can SIGKILL it mid-job.
 * Environment: MONGODB_URI, REDIS_URL, QUEUE_PREFIX, COURT_CHAINS, RELAY_CLIENT_KEY, LOCK_MS.
 * Prints {"event":"ready"} once its workers listen; SIGTERM drains and exits 0.
 */
const mongoose = require('mongoose');
const { MongoRelayStore, relayModel } = require('@eseal/server');
const {
  SILENT_RELAY_OBSERVER,
  buildCourtChain,
  parseCourtChains,
  parseRelayClientKey,
  relayProcessors,
  startWorker,
} = require('@eseal/worker');
const pino = require('pino');

async function main() {
  const env = process.env;
  const connection = await mongoose.createConnection(env.MONGODB_URI).asPromise();
  const store = new MongoRelayStore(relayModel(connection));
  const key = parseRelayClientKey(env.RELAY_CLIENT_KEY);
  const adapters = parseCourtChains(env.COURT_CHAINS).map((c) => ({ adapter: buildCourtChain(c, key), limits: c.limits }));
  const worker = await startWorker(
    { redisUrl: env.REDIS_URL, queuePrefix: env.QUEUE_PREFIX },
    {
      processors: relayProcessors({ store, observer: SILENT_RELAY_OBSERVER, adapters }),
      logger: pino({ level: 'silent' }),
      lockDurationMs: Number(env.LOCK_MS || 30000),
    },
  );
  process.stdout.write(`${JSON.stringify({ event: 'ready', pid: process.pid })}\n`);
  const stop = async () => {
    await worker.close();
    await connection.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('disconnect', () => void stop());
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
