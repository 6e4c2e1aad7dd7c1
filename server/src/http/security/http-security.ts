import { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import type { SecurityRedisKeys } from '../../auth/redis-keys';
import type { Logger } from '../../observability/logger';
import type { RouteGuard } from '../api-router';
import { auditTrail, errorCodeTap, type AuditSink } from './audit-trail';
import { rejectOperatorKeys } from './body-guard';
import { cors } from './cors';
import { RateLimiter, type RateLimit } from './rate-limiter';
import { requestTimeout } from './request-timeout';
import { securityGuard, type CallerSource } from './route-guard';
import { securityHeaders, type SecurityHeaderOptions } from './security-headers';
import { strictQueryParser } from './strict-query';

/** How the app is hardened; createApp applies it in a fixed order around its own middleware. */
export interface HttpSecurity {
  /** App settings: the strict query parser, `trust proxy`. */
  configure(app: Express): void;
  /** Before the body is read: headers, CORS, audit trail, per-IP limit, timeout. */
  readonly beforeBody: readonly RequestHandler[];
  /** After JSON parsing: refuse operator keys. */
  readonly afterBody: readonly RequestHandler[];
  readonly guard: RouteGuard;
  /** Just before the error middleware. */
  readonly errorTap: ErrorRequestHandler;
}

export interface HttpSecurityOptions {
  apiBasePath: string;
  /** Exact origins allowed to call from a browser; empty: CORS off. */
  corsOrigins?: readonly string[];
  hsts?: SecurityHeaderOptions['hsts'];
  /** Express `trust proxy` (hops or subnets): set only behind a proxy that sets X-Forwarded-For. */
  trustProxy?: boolean | number | string;
  requestTimeoutMs?: number;
  /** Identity source; without it only public routes answer. */
  callers?: CallerSource;
  rateLimits?: { redis: Redis; keys: SecurityRedisKeys; perIp: RateLimit; perCaller: RateLimit };
  audit?: { sink: AuditSink; logger: Logger };
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_RATE_LIMITS = {
  perIp: { limit: 1200, windowSeconds: 60 },
  perCaller: { limit: 6000, windowSeconds: 60 },
} as const;

export function createHttpSecurity(options: HttpSecurityOptions): HttpSecurity {
  const limiter = options.rateLimits ? new RateLimiter(options.rateLimits.redis, options.rateLimits.keys) : undefined;
  const beforeBody: RequestHandler[] = [
    securityHeaders({ hsts: options.hsts ?? 'auto', apiBasePath: options.apiBasePath }),
    cors(options.corsOrigins ?? []),
  ];
  if (options.audit) beforeBody.push(auditTrail(options.audit.sink, options.audit.logger, options.apiBasePath));
  if (limiter && options.rateLimits) {
    const perIp = options.rateLimits.perIp;
    beforeBody.push((req, res, next) => {
      if (!req.path.startsWith(options.apiBasePath)) return next();
      limiter.consume('ip', req.ip ?? req.socket.remoteAddress ?? 'unknown', perIp, res).then(() => next(), next);
    });
  }
  beforeBody.push(requestTimeout(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS));
  return {
    configure(app) {
      app.disable('x-powered-by');
      app.set('query parser', strictQueryParser);
      if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);
    },
    beforeBody,
    afterBody: [rejectOperatorKeys()],
    guard: securityGuard(options.callers, limiter && options.rateLimits ? { limiter, perCaller: options.rateLimits.perCaller } : undefined),
    errorTap: errorCodeTap(),
  };
}

/** What every app gets even without identity or Redis (tests, tools): headers, strict input, deny-by-default. */
export function baselineHttpSecurity(apiBasePath: string): HttpSecurity {
  return createHttpSecurity({ apiBasePath });
}
