import { SealError } from '@eseal/core';
import mongoose, { type Connection } from 'mongoose';
import type { HealthProbe } from '../http/health/health-probe';
import { MONGO_POOL_SIZE } from '../store/write-limits';

/** Start-up waits this long for the record store, then fails with one clear error instead of hanging. */
const SERVER_SELECTION_TIMEOUT_MS = 10_000;

/**
 * Opens a dedicated mongoose connection (not mongoose's global default one), so models are bound to
 * the connection the server owns and closes, and tests can run several servers in one process.
 */
export async function connectMongo(uri: string, options: { serverSelectionTimeoutMS?: number } = {}): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? SERVER_SELECTION_TIMEOUT_MS,
    // FerretDB v1 (our embedded store) has no retryable writes; MongoDB does not need them for correctness here.
    retryWrites: false,
    // Sized from FerretDB's connection limit (store/write-limits.ts); the driver's default of 100
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

/** A round trip to the server: proves the store answers, not just that a socket is open. */
export function mongoHealthProbe(connection: Connection): HealthProbe {
  return {
    name: 'mongodb',
    async check() {
      const db = connection.db;
      if (connection.readyState !== mongoose.ConnectionStates.connected || !db) {
        throw new SealError('DEPENDENCY_UNAVAILABLE', 'record store connection is not open');
      }
      await db.admin().command({ ping: 1 });
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
