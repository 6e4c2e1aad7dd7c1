import { createServer } from 'node:http';
import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import { createApp, type ApiModule } from './app';
import type { AppConfig } from './config/app-config';
import type { RouteGuard } from './http/api-router';
import type { HttpSecurity } from './http/security/http-security';
import type { HealthProbe } from './http/health/health-probe';
import { closeServer, listen } from './infra/listen';
import { connectMongo, mongoHealthProbe } from './infra/mongo';
import { closeRedis, connectRedis, redisHealthProbe } from './infra/redis';
import { createLogger, type Logger } from './observability/logger';
import { createMetrics, type Metrics } from './observability/metrics';

/** In-flight requests get this long to finish on close before their sockets are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

/** The open connections a composition root builds the ledger client, stores and routes from. */
export interface ServerInfra {
  readonly config: AppConfig;
  readonly mongo: Connection;
  readonly redis: Redis;
  readonly logger: Logger;
  /** The app's metrics: features count their business events here (served on /metrics). */
  readonly metrics: Metrics;
}

/** What features add to the server: routes, health probes (the ledger), the route guard, and how to release what they opened. */
export interface ServerExtension {
  probes?: readonly HealthProbe[];
  apiModules?: readonly ApiModule[];
  /** Authentication and authorisation for every non-public route. */
  routeGuard?: RouteGuard;
  /** Security headers, rate limits, time limits and the audit trail around every request. */
  security?: HttpSecurity;
  close?(): Promise<void>;
}

export interface StartServerOptions {
  logger?: Logger;
  /** Called once the stores are connected, before the app is built. */
  extend?(infra: ServerInfra): Promise<ServerExtension> | ServerExtension;
  /** The app's metrics; pass one to add a feature's own metrics to /metrics (default: a fresh registry). */
  metrics?: Metrics;
}

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:8080 (the real port when PORT=0). */
  readonly url: string;
  /** Stops listening, lets in-flight requests finish, then closes extensions, Redis and MongoDB. Idempotent. */
  close(): Promise<void>;
}

/**
 * Connects the stores, builds the app and listens. Any failure (a store down, the port taken) closes
 * what was already opened and rejects with one coded error, so callers never leak half a server.
 */
export async function startServer(config: AppConfig, options: StartServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const cleanups: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    // Reverse order of opening: the HTTP server first, the stores last.
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error) => logger.error({ err: error }, 'error while closing'));
    }
  };

  try {
    const [mongo, redis] = await connectBoth(config, cleanups);
    const metrics = options.metrics ?? createMetrics();
    const extension = (await options.extend?.({ config, mongo, redis, logger, metrics })) ?? {};
    const closeExtension = extension.close?.bind(extension);
    if (closeExtension) cleanups.push(closeExtension);

    const app = createApp({
      logger,
      bodyLimitBytes: config.bodyLimitBytes,
      probes: [mongoHealthProbe(mongo), redisHealthProbe(redis), ...(extension.probes ?? [])],
      apiModules: extension.apiModules,
      routeGuard: extension.routeGuard,
      security: extension.security,
      metrics,
    });
    const server = createServer(app);
    cleanups.push(() => closeServer(server, SHUTDOWN_GRACE_MS));
    const url = await listen(server, config.port, config.host);
    logger.info({ url, ledger: config.ledger }, 'server listening');

    let closing: Promise<void> | undefined;
    return {
      url,
      close: () => {
        closing ??= closeAll().then(() => logger.info('server closed'));
        return closing;
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** Both stores in parallel; whichever did connect is registered for cleanup even if the other failed. */
async function connectBoth(config: AppConfig, cleanups: Array<() => Promise<void>>): Promise<[Connection, Redis]> {
  const [mongo, redis] = await Promise.allSettled([connectMongo(config.mongodbUri), connectRedis(config.redisUrl)]);
  if (mongo.status === 'fulfilled') cleanups.push(() => mongo.value.close());
  if (redis.status === 'fulfilled') cleanups.push(() => closeRedis(redis.value));
  if (mongo.status === 'rejected') throw mongo.reason;
  if (redis.status === 'rejected') throw redis.reason;
  return [mongo.value, redis.value];
}
