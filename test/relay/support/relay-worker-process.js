'use strict';
/**
 * A relay worker as its own process, built the way npm start builds it (the built packages, the
 * MongoDB relay store, one processor per court chain), so fault tests can SIGKILL it mid-job.
 * Environment: MONGODB_URI, REDIS_URL, QUEUE_PREFIX, COURT_CHAINS, RELAY_CLIENT_KEY, LOCK_MS, and
 * RELAY_STALL_DIR (below). Prints {"event":"ready"} once its workers listen; SIGTERM drains and exits 0.
 */
const fs = require('node:fs');
const path = require('node:path');
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

/**
 * RELAY_STALL_DIR: the first relay run of this process blocks its event loop right after loading the
 * relay, as a process starved of CPU would (no lock renewal, so BullMQ hands the job to another
 * worker), until a file `release` appears in that folder. It writes `stalled` when it starts
 * blocking and `finished` when that run has ended, whatever its outcome.
 */
function withStall(store, processors, dir) {
  if (!dir) return processors;
  let stalledRun = false;
  // A run loads its relays with loadForRun (a group's first run reads the group, then loadForRun).
  const load = store.loadForRun.bind(store);
  store.loadForRun = async (relayIds) => {
    const relays = await load(relayIds);
    if (!stalledRun) {
      stalledRun = true;
      writeMarker(dir, 'stalled', relayIds.join('\n'));
      const pause = new Int32Array(new SharedArrayBuffer(4));
      const deadline = Date.now() + 120_000;
      while (!fs.existsSync(path.join(dir, 'release')) && Date.now() < deadline) Atomics.wait(pause, 0, 0, 20);
      store.loadForRun = load;
    }
    return relays;
  };
  return processors.map((build) => (context) => {
    const processor = build(context);
    return {
      ...processor,
      process: async (data, job) => {
        const first = !stalledRun;
        try {
          return await processor.process(data, job);
        } finally {
          if (first && stalledRun) writeMarker(dir, 'finished', data.relayIds.join('\n'));
        }
      },
    };
  });
}

async function main() {
  const env = process.env;
  const connection = await mongoose.createConnection(env.MONGODB_URI).asPromise();
  const store = new MongoRelayStore(relayModel(connection));
  const key = parseRelayClientKey(env.RELAY_CLIENT_KEY);
  const adapters = parseCourtChains(env.COURT_CHAINS).map((c) => ({ adapter: buildCourtChain(c, key), limits: c.limits }));
  const worker = await startWorker(
    { redisUrl: env.REDIS_URL, queuePrefix: env.QUEUE_PREFIX },
    {
      processors: withStall(store, relayProcessors({ store, observer: SILENT_RELAY_OBSERVER, adapters }), env.RELAY_STALL_DIR),
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

/** Whole or absent: the test polls for the file and reads it at once (a plain write is seen empty). */
function writeMarker(dir, name, text) {
  const partial = path.join(dir, `.${name}.partial`);
  fs.writeFileSync(partial, text);
  fs.renameSync(partial, path.join(dir, name));
}
