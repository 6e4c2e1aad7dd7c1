import { findFreePort, isPortFree, LOOPBACK_HOST } from './free-port';
import { serviceUnavailable, type ServiceName } from './service-error';
import { isSealError, type SealError } from '@eseal/core';

/** Attempts when we chose the port: another process may grab a free port before the service binds it. */
const AUTO_PORT_ATTEMPTS = 3;

function lostPortRace(error: SealError): boolean {
  return /address already in use|EADDRINUSE|bind/i.test(error.message);
}

/**
 * Runs `start(port)` on the requested port, or on a free loopback port when none is requested.
 * A requested port that is taken is an immediate, clear error; a chosen port that was taken in
 * the meantime is retried with another one.
 */
export async function startOnPort<T>(
  service: ServiceName,
  requestedPort: number | undefined,
  start: (port: number) => Promise<T>,
): Promise<T> {
  if (requestedPort !== undefined) {
    if (!(await isPortFree(LOOPBACK_HOST, requestedPort))) {
      throw serviceUnavailable(service, `port ${LOOPBACK_HOST}:${requestedPort} is already in use`, { port: requestedPort });
    }
    return start(requestedPort);
  }
  for (let attempt = 1; ; attempt += 1) {
    const port = await findFreePort(LOOPBACK_HOST);
    try {
      return await start(port);
    } catch (error) {
      if (attempt >= AUTO_PORT_ATTEMPTS || !isSealError(error) || !lostPortRace(error)) throw error;
    }
  }
}
