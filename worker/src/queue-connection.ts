import { SealError } from '@eseal/core';
import { Redis } from 'ioredis';

/**
 * A Redis connection BullMQ can use: `maxRetriesPerRequest: null` because a worker's blocking
 * commands must wait through a Redis restart instead of failing after a few retries.
 * Resolves once Redis answered, so a wrong REDIS_URL fails start-up instead of idling silently.
 */
export async function openQueueConnection(url: string): Promise<Redis> {
  let connectedOnce = false;
  const connection = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: null,
    // Named per process so `CLIENT LIST` shows who holds which connection.
    connectionName: `eseal-worker-${process.pid}`,
    // Fail start-up at once when Redis is not there; once it has been reached, ride out restarts.
    retryStrategy: (attempt) => (connectedOnce ? Math.min(attempt * 200, 5000) : null),
  });
  connection.once('ready', () => (connectedOnce = true));
  connection.on('error', () => undefined); // reconnects are reported by BullMQ's own events
  try {
    await connection.connect();
    await connection.ping();
    return connection;
  } catch (error) {
    // Already 'end' after a refused connect; disconnecting again would only arm a 2 s timer.
    if (connection.status !== 'end') connection.disconnect();
    throw new SealError('DEPENDENCY_UNAVAILABLE', `Cannot connect to the queue store: ${hostOf(url)}`, {
      details: { dependency: 'redis' },
      cause: error,
    });
  }
}

/** Host only: the URL may carry a password. */
function hostOf(url: string): string {
  try {
    const { protocol, host } = new URL(url);
    return `${protocol}//${host}`;
  } catch {
    return 'unparseable URL';
  }
}
