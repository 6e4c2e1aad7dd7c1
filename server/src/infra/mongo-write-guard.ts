import { MongoNetworkError } from 'mongodb';

/**
 * A guard against a hang in the MongoDB driver (6.x and 7.x as of this writing): a command written on a
 * connection whose socket has just been destroyed (the store killed or restarted mid-command) waits
 * for a 'drain' event that never comes, because the driver's cleanup ran before the write and had no
 * read to fail. When that command is the server monitor's heartbeat, the monitor never runs again, the
 * server stays "Unknown" and every later operation fails server selection for ever, although the store
 * is back. Seen in the soak run after a FerretDB kill; reproduced in `mongo-write-guard.test.ts`.
 *
 * The guard makes each write also end when the connection closes, with the driver's own network error,
 * so the monitor and the pool recover as they do from any other network error.
 */
interface DriverConnection {
  closed: boolean;
  error?: unknown;
  id: unknown;
  address: string;
  once(event: 'close', listener: () => void): unknown;
  off(event: 'close', listener: () => void): unknown;
  writeCommand(command: unknown, options: unknown): Promise<void>;
}

let installed = false;

export function installMongoWriteGuard(): void {
  if (installed) return;
  // The connection class is internal to the driver (no public export); the guard only wraps one method.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Connection } = require('mongodb/lib/cmap/connection') as { Connection: { prototype: DriverConnection } };
  const write = Connection.prototype.writeCommand;
  if (typeof write !== 'function') return; // another driver version: nothing to guard
  Connection.prototype.writeCommand = function guardedWriteCommand(this: DriverConnection, command, options) {
    const closedError = () =>
      this.error instanceof Error ? this.error : new MongoNetworkError(`connection ${String(this.id)} to ${this.address} closed`);
    if (this.closed) return Promise.reject(closedError());
    return new Promise<void>((resolve, reject) => {
      const onClose = () => reject(closedError());
      this.once('close', onClose);
      write.call(this, command, options).then(
        () => {
          this.off('close', onClose);
          resolve();
        },
        (error: unknown) => {
          this.off('close', onClose);
          reject(error);
        },
      );
    });
  };
  installed = true;
}
