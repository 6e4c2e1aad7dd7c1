import { SealError } from '@eseal/core';
import { Redis } from 'ioredis';
import type { HealthProbe } from '../http/health/health-probe';

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Connects to the queue store and waits until it answers. Commands fail fast while disconnected
 * (no offline queue), so an outage surfaces as an error instead of requests piling up in memory.
 */
export async function connectRedis(url: string, options: { connectTimeoutMs?: number } = {}): Promise<Redis> {
  let connectedOnce = false;
  const client = new Redis(url, {
    lazyConnect: true,
    // Fail start-up at once when Redis is not there; once it has been reached, ride out restarts.
    retryStrategy: (attempt) => (connectedOnce ? Math.min(attempt * 200, 5000) : null),
    enableOfflineQueue: false,
    // Named per process so `CLIENT LIST` shows who holds which connection.
    connectionName: `eseal-server-${process.pid}`,
    connectTimeout: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
  });
  // Without a listener ioredis prints every reconnect failure as an unhandled 'error' event.
  client.on('error', () => undefined);
  client.once('ready', () => (connectedOnce = true));
  try {
    await client.connect();
    await client.ping();
    return client;
  } catch (error) {
    // Already 'end' after a refused connect; disconnecting again would only arm a 2 s timer.
    if (client.status !== 'end') client.disconnect();
    throw new SealError('DEPENDENCY_UNAVAILABLE', `Cannot connect to the queue store (REDIS_URL): ${describeHost(url)}`, {
      details: { dependency: 'redis' },
      cause: error,
    });
  }
}

export function redisHealthProbe(client: Redis): HealthProbe {
  return {
    name: 'redis',
    async check() {
      if (client.status !== 'ready') {
        throw new SealError('DEPENDENCY_UNAVAILABLE', `queue store connection is ${client.status}`);
      }
      await client.ping();
    },
  };
}

/** Closes politely (QUIT) when connected, and drops the socket otherwise. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    await client.quit().catch(() => client.disconnect());
  } else if (client.status !== 'end') {
    client.disconnect();
  }
}

function describeHost(url: string): string {
  try {
    const { protocol, host } = new URL(url);
    return `${protocol}//${host}`;
  } catch {
    return 'unparseable URL';
  }
}
