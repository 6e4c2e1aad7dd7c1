import { SealError } from '@eseal/core';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Starts listening and resolves with the base URL. A taken or forbidden address becomes one coded
 * error naming it, instead of an unhandled 'error' event that kills the process.
 */
export function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      const reason =
        error.code === 'EADDRINUSE'
          ? 'is already in use'
          : error.code === 'EACCES'
            ? 'needs privileges this process does not have'
            : error.code === 'EADDRNOTAVAIL'
              ? 'is not an address of this machine'
              : `cannot be listened on (${error.code ?? error.message})`;
      reject(
        new SealError('DEPENDENCY_UNAVAILABLE', `Address ${host}:${port} ${reason} (set PORT or HOST)`, {
          details: { host, port, errno: error.code },
          cause: error,
        }),
      );
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve(`http://${shownHost}:${address.port}`);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * Stops accepting connections and waits for in-flight requests; idle keep-alive sockets are closed at
 * once, and after `graceMs` whatever is still open is cut so shutdown always finishes.
 */
export function closeServer(server: Server, graceMs: number): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    force.unref();
    server.close((error) => {
      clearTimeout(force);
      if (error) reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}
