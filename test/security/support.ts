import type { Express } from 'express';
import request from 'supertest';
import { SealError } from '@eseal/core';
import {
  ROLES,
  assertAllowed,
  getCaller,
  type Caller,
  type ClientClass,
  type Role,
  CLIENT_CLASS_OPERATIONS,
} from '../../server/src/access';
import { createSecurity, type Security } from '../../server/src/composition/security';
import type { AuditAnchorLedger } from '../../server/src/audit';
import { createApp, type ApiModule } from '../../server/src/app';
import { createLogger, type Logger } from '../../server/src/observability/logger';
import { z } from '../../server/src/openapi/zod';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices, type Services } from '../../server/src/composition';
import { archiveServerExtension } from '../../server/src/composition/archive-extension';
import { BullArchiveQueue } from '../../server/src/composition/archive-queue';
import { createMetrics } from '../../server/src/observability/metrics';
import type { AppConfig } from '../../server/src/config/app-config';
import { Secret } from '../../server/src/config/secret';
import { connectSuiteMongoose, connectSuiteRedis, suiteQueuePrefix, testRedisUrl, type SuiteMongo, type SuiteRedis } from '../support/env';

export const KEK = Buffer.alloc(32, 0x42);
export const UNIT_A = 'unit_A';
export const UNIT_B = 'unit_B';

/**
 * Stand-in for a use case that touches one unit's seals, as the lifecycle and signing modules do:
 * the route declares its operation, the handler checks the unit with assertAllowed.
 */
export const unitFixtureRoutes: ApiModule = (api) => {
  api.route({
    method: 'get',
    path: '/fixtures/units/:unitId/seals',
    operation: 'seal.read',
    summary: "List a unit's seals (fixture)",
    params: z.object({ unitId: z.string().max(64) }),
    query: z.object({ status: z.string().max(20).optional() }),
    response: { description: 'seals', schema: z.object({ unitId: z.string(), status: z.string().optional() }) },
    handler: ({ params, query, req }) => {
      assertAllowed(getCaller(req), 'seal.read', { unitId: params.unitId });
      return { unitId: params.unitId, status: query.status };
    },
  });
  api.route({
    method: 'post',
    path: '/fixtures/units/:unitId/sign',
    operation: 'document.sign',
    summary: 'Sign for a unit (fixture)',
    params: z.object({ unitId: z.string().max(64) }),
    body: z.object({
      fileName: z
        .string()
        .max(200)
        .regex(/^[^/\\\0]+$/, 'a plain file name'),
      note: z.string().max(100).optional(),
    }),
    response: { description: 'ok', schema: z.object({ signed: z.boolean() }) },
    handler: ({ params, req }) => {
      assertAllowed(getCaller(req), 'document.sign', { unitId: params.unitId });
      if (params.unitId === 'unit_missing') throw new SealError('NOT_FOUND', 'no such unit');
      return { signed: true };
    },
  });
};

export interface SecureHarness {
  app: Express;
  security: Security;
  mongo: SuiteMongo;
  redis: SuiteRedis;
  logger: Logger;
  /** The production services, when started with `production: true`. */
  services?: Services;
  close(): Promise<void>;
}

export interface HarnessOptions {
  logger?: Logger;
  extraModules?: readonly ApiModule[];
  bodyLimitBytes?: number;
  requestTimeoutMs?: number;
  perIpLimit?: number;
  /** Also mount the production lifecycle and signing modules (real services, embedded ledger, in-memory CA). */
  production?: boolean;
  /** Anchor the audit log on this ledger and verify against it (as npm start does). */
  ledger?: AuditAnchorLedger;
}

export async function startHarness(options: HarnessOptions = {}): Promise<SecureHarness> {
  const mongo = await connectSuiteMongoose();
  const redis = await connectSuiteRedis();
  const logger = options.logger ?? createLogger({ level: 'silent' });
  const security = await createSecurity(
    { mongo: mongo.connection, redis: redis.redis, logger, kek: KEK, redisPrefix: redis.prefix },
    {
      anchorIntervalMs: 0,
      ...(options.ledger ? { ledger: options.ledger } : {}),
      requestTimeoutMs: options.requestTimeoutMs,
      rateLimits: {
        perIp: { limit: options.perIpLimit ?? 100_000, windowSeconds: 60 },
        perCaller: { limit: 100_000, windowSeconds: 60 },
        signIn: { limit: 1_000, windowSeconds: 60 },
      },
    },
  );
  const services = options.production ? await productionServices(mongo, redis, logger) : undefined;
  const app = createApp({
    logger,
    bodyLimitBytes: options.bodyLimitBytes ?? 64 * 1024,
    probes: [],
    apiModules: [...security.apiModules, ...(services?.apiModules ?? []), unitFixtureRoutes, ...(options.extraModules ?? [])],
    security: security.http,
  });
  return {
    app,
    security,
    mongo,
    redis,
    logger,
    ...(services ? { services: services.services } : {}),
    async close() {
      await services?.close();
      await security.close();
      await mongo.cleanup();
      await redis.cleanup();
    },
  };
}

/** A session token for a person with the given roles, minted directly (sign-in itself is tested separately). */
export function tokenFor(h: SecureHarness, role: Role, unitId: string | undefined = UNIT_A, personId = 'person_1'): string {
  const unitScoped = !['PUBLIC_SECURITY_ADMIN', 'SEAL_MAKER_OPERATOR', 'AUDITOR'].includes(role);
  return h.security.auth.tokens.issuePair({
    accountId: `acct_${role.toLowerCase()}`,
    roles: [role],
    ...(unitScoped && unitId ? { unitId } : {}),
    personId,
  }).accessToken;
}

export const SYSTEM: Caller = { id: 'system', kind: 'system', roles: [] };

export async function apiKeyFor(
  h: SecureHarness,
  clientClass: ClientClass,
  unitIds: string[] = [UNIT_A],
  scopes = [...CLIENT_CLASS_OPERATIONS[clientClass]],
): Promise<string> {
  return (await h.security.auth.apiKeys.create(SYSTEM, { name: `test ${clientClass}`, clientClass, scopes, unitIds, expiresInDays: 30 }))
    .apiKey;
}

export const PERSON_ROLES = ROLES.filter((r) => r !== 'API_CLIENT');

/** The audit entries written for one request id, once the trail has flushed. */
export async function auditFor(h: SecureHarness, requestId: string) {
  for (let i = 0; i < 50; i++) {
    await h.security.auditLog.flush();
    const found = await h.security.auditLog.model.find({ requestId: { $eq: requestId } }).lean();
    if (found.length > 0) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
  return [];
}

export { request };

/** The real lifecycle and signing services, composed as the server does, for route enumeration. */
async function productionServices(
  mongo: SuiteMongo,
  redis: SuiteRedis,
  logger: Logger,
): Promise<{ services: Services; apiModules: ApiModule[]; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'eseal-security-'));
  const config: AppConfig = {
    port: 0,
    host: '127.0.0.1',
    mongodbUri: 'mongodb://unused',
    redisUrl: testRedisUrl(),
    dataDir,
    ledger: 'embedded',
    logLevel: 'silent',
    bodyLimitBytes: 1024 * 1024,
    serverKek: new Secret(KEK),
    queuePrefix: suiteQueuePrefix(),
  };
  const services = await createServices(config, {
    mongo: mongo.connection,
    logger,
    ledger: { ledger: 'embedded', dataDir: join(dataDir, 'ledger'), durable: false },
    ephemeralCa: true,
    engraving: null,
    pinKdf: { log2N: 10, r: 8, p: 1 },
  });
  // Archiving is a server extension (as npm start composes it): its routes are in the matrix too.
  const archiveQueue = new BullArchiveQueue({ redisUrl: config.redisUrl, prefix: config.queuePrefix });
  const archives = await archiveServerExtension({ services: () => services, queue: archiveQueue, courtChains: [] })({
    config,
    mongo: mongo.connection,
    redis: redis.redis,
    logger,
    metrics: createMetrics(),
  });
  return {
    services,
    apiModules: [...services.apiModules, ...(archives.apiModules ?? [])],
    async close() {
      await archiveQueue.close();
      await services.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
