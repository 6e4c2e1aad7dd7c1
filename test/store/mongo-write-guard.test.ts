/**
 * The MongoDB driver hangs a command written on a connection whose socket has just been destroyed (the
 * store killed mid-command): when that is the server monitor's heartbeat, the service never reconnects.
 * The guard (server/src/infra/mongo-write-guard.ts) makes such a command fail with a network error.
 */
import { MongoClient } from 'mongodb';
import { connectMongo } from '../../server/src/infra/mongo';
import { suiteDatabaseUri } from '../support/env';

interface MonitorConnection {
  socket: { destroy(): void };
  command(ns: unknown, cmd: object, options: object): Promise<unknown>;
}

function monitorConnectionOf(client: MongoClient): MonitorConnection {
  const topology = (
    client as unknown as { topology: { s: { servers: Map<string, { monitor: { connection: MonitorConnection | null } }> } } }
  ).topology;
  const connection = [...topology.s.servers.values()][0]!.monitor.connection;
  if (!connection) throw new Error('the monitor has no connection yet');
  return connection;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ns } = require('mongodb/lib/utils') as { ns(namespace: string): unknown };

describe('the record store connection', () => {
  it('fails, instead of hanging, a command written just as its socket is destroyed', async () => {
    const connection = await connectMongo(suiteDatabaseUri()); // installs the guard
    try {
      const client = connection.getClient() as unknown as MongoClient;
      const monitor = monitorConnectionOf(client);
      const heartbeat = monitor.command(ns('admin.$cmd'), { ping: 1 }, {});
      monitor.socket.destroy();
      await expect(heartbeat).rejects.toMatchObject({ name: 'MongoNetworkError' });
      // And the service reads again once the monitor has reconnected.
      expect(await connection.db!.collection('guard_probe').countDocuments({})).toBe(0);
    } finally {
      await connection.close();
    }
  });
});
