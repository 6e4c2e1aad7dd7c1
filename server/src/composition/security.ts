import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { ApiModule } from '../app';
import { createAuth, ensureAuthIndexes, type Auth } from '../auth';
import {
  AuditAnchorer,
  auditAnchorModel,
  auditLogFor,
  auditReader,
  auditRecordModel,
  ensureAuditIndexes,
  ledgerAnchorSink,
  logAnchorSink,
  type AuditLog,
} from '../audit';
import { auditRoutes, browserSessionRoutes, credentialRoutes, sessionRoutes, type SecurityOptions } from '../api/security';
import { DEFAULT_RATE_LIMITS, createHttpSecurity, type HttpSecurity } from '../http/security/http-security';
import { RateLimiter } from '../http/security/rate-limiter';
import type { Logger } from '../observability/logger';
import type { ServerExtension, ServerInfra } from '../start-server';

export interface SecurityInfra {
  mongo: Connection;
  redis: Redis;
  logger: Logger;
  /** The server KEK (AppConfig.serverKek.reveal()). */
  kek: Uint8Array;
  /** Redis key prefix (AppConfig.queuePrefix). */
  redisPrefix: string;
}

/** What access control, sign-in, API keys and the audit log add to a server, built once by the composition root. */
export interface Security {
  readonly auth: Auth;
  readonly auditLog: AuditLog;
  readonly anchorer: AuditAnchorer;
  /** Pass as AppDeps.security. */
  readonly http: HttpSecurity;
  /** Sign-in, accounts, API keys, audit. */
  readonly apiModules: readonly ApiModule[];
  /** Stops the anchoring timer and waits for queued audit entries. */
  close(): Promise<void>;
}

export async function createSecurity(infra: SecurityInfra, options: SecurityOptions = {}): Promise<Security> {
  await Promise.all([ensureAuthIndexes(infra.mongo), ensureAuditIndexes(infra.mongo)]);
  const auth = createAuth({ connection: infra.mongo, redis: infra.redis, kek: infra.kek, redisPrefix: infra.redisPrefix });
  const auditLog = auditLogFor(infra.mongo);
  const anchors = auditAnchorModel(infra.mongo);
  const sink = options.ledger ? ledgerAnchorSink(options.ledger) : (options.anchorSink ?? logAnchorSink(infra.logger));
  const anchorer = new AuditAnchorer(auditLog, anchors, sink);
  const limits = options.rateLimits ?? { ...DEFAULT_RATE_LIMITS, signIn: { limit: 30, windowSeconds: 60 } };
  const http = createHttpSecurity({
    apiBasePath: options.apiBasePath ?? '/api/v1',
    corsOrigins: options.corsOrigins,
    hsts: options.hsts,
    trustProxy: options.trustProxy,
    requestTimeoutMs: options.requestTimeoutMs,
    callers: auth.authenticator,
    rateLimits: { redis: infra.redis, keys: auth.redisKeys, perIp: limits.perIp, perCaller: limits.perCaller },
    audit: { sink: auditLog, logger: infra.logger },
  });
  const intervalMs = options.anchorIntervalMs ?? 5 * 60_000;
  const stopTimer = intervalMs > 0 ? anchorer.startTimer(intervalMs, infra.logger) : () => undefined;
  const signInLimit = { limiter: new RateLimiter(infra.redis, auth.redisKeys), rule: limits.signIn };
  const apiModules: ApiModule[] = [
    sessionRoutes({ auth, signInLimit }),
    browserSessionRoutes({ auth, signInLimit }),
    credentialRoutes(auth),
    auditRoutes({ audit: auditReader(auditRecordModel(infra.mongo), anchors, options.ledger), anchorer }),
  ];
  return {
    auth,
    auditLog,
    anchorer,
    http,
    apiModules,
    async close() {
      stopTimer();
      await auditLog.flush();
    },
  };
}

/**
 * Plugs security into `startServer({ extend })`: the route guard, the sign-in / accounts / API-key /
 * audit routes, the anchoring timer. `security` carries the rest (headers, CORS, rate limits,
 * timeouts, audit trail): startServer passes it on as AppDeps.security.
 */
export function securityServerExtension(
  options: SecurityOptions = {},
): (infra: ServerInfra) => Promise<ServerExtension & { security: HttpSecurity }> {
  return async (infra) => {
    const kek = infra.config.serverKek.reveal();
    let security: Security;
    try {
      security = await createSecurity(
        { mongo: infra.mongo, redis: infra.redis, logger: infra.logger, kek, redisPrefix: infra.config.queuePrefix },
        options,
      );
    } finally {
      kek.fill(0); // only the derived keys are kept
    }
    return { apiModules: security.apiModules, routeGuard: security.http.guard, security: security.http, close: () => security.close() };
  };
}
