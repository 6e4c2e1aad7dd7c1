import { SealError } from '@eseal/core';
import mongoose, { type Connection } from 'mongoose';
import type { HealthProbe } from '../http/health/health-probe';
import { MONGO_POOL_SIZE } from '../store/ferretdb/write-limits';
import { installMongoWriteGuard } from './mongo-write-guard';

/** Start-up waits this long for the record store, then fails with one clear error instead of hanging. */
const SERVER_SELECTION_TIMEOUT_MS = 10_000;

/**
 * Opens a dedicated mongoose connection (not mongoose's global default one), so models are bound to
 * the connection the server owns and closes, and tests can run several servers in one process.
 */
export async function connectMongo(uri: string, options: { serverSelectionTimeoutMS?: number } = {}): Promise<Connection> {
  installMongoWriteGuard();
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? SERVER_SELECTION_TIMEOUT_MS,
    // FerretDB v1 (our embedded store) has no retryable writes; MongoDB does not need them for correctness here.
    retryWrites: false,
    // Sized from FerretDB's connection limit (store/ferretdb/write-limits.ts); the driver's default of 100
    // alone could take every SQLite connection FerretDB has.
    maxPoolSize: MONGO_POOL_SIZE,
  });
  try {
    return await connection.asPromise();
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw new SealError('DEPENDENCY_UNAVAILABLE', `Cannot connect to the record store (MONGODB_URI): ${describeHost(uri)}`, {
      details: { dependency: 'mongodb' },
      cause: error,
    });
  }
}

/** The health probe reads one document by `_id`: it costs the same on any amount of data. */
const PROBE_COLLECTION = 'health_probe';
const PROBE_ID = 'probe';

/**
 * A real query, not a ping: FerretDB answers `ping` (and any read of a collection that does not
 * exist) without touching SQLite, so a store whose database is stuck would still read as up. The
 * probe document is written once per process; runProbes bounds every check with a deadline.
 */
export function mongoHealthProbe(connection: Connection): HealthProbe {
  let written: Promise<unknown> | undefined;
  return {
    name: 'mongodb',
    async check() {
      const db = connection.db;
      if (connection.readyState !== mongoose.ConnectionStates.connected || !db) {
        throw new SealError('DEPENDENCY_UNAVAILABLE', 'record store connection is not open');
      }
      const probes = db.collection<{ _id: string }>(PROBE_COLLECTION);
      written ??= probes.updateOne({ _id: PROBE_ID }, { $setOnInsert: { _id: PROBE_ID } }, { upsert: true }).catch((error: unknown) => {
        written = undefined;
        throw error;
      });
      await written;
      if (!(await probes.findOne({ _id: PROBE_ID })))
        throw new SealError('DEPENDENCY_UNAVAILABLE', 'record store lost the health probe document');
    },
  };
}

/** Host part only: a URI may carry a password, which must not reach an error message. */
function describeHost(uri: string): string {
  try {
    const { protocol, host } = new URL(uri);
    return `${protocol}//${host}`;
  } catch {
    return 'unparseable URI';
  }
}
