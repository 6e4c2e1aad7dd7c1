import { SealError } from '@eseal/core';
import { createApp, type ApiModule, type AppDeps } from '../../server/src/app';
import { createLogger } from '../../server/src/observability/logger';
import { z } from '../../server/src/openapi/zod';

/**
 * Routes that exist only in these tests, to drive the typed-route helper and the error middleware
 * through every path a real module can take. They are public: access control has its own tests.
 */
export const fixtureRoutes: ApiModule = (api) => {
  api.route({
    method: 'post',
    path: '/fixtures/:itemId',
    summary: 'Echo validated input',
    public: true,
    tags: ['fixtures'],
    params: z.object({ itemId: z.string().regex(/^[a-z0-9-]+$/) }),
    query: z.object({ repeat: z.coerce.number().int().min(1).max(3).default(1) }),
    body: z.object({ name: z.string().min(1), tags: z.array(z.string()).max(2).default([]) }),
    response: { status: 201, description: 'The echo', schema: z.object({ itemId: z.string(), names: z.array(z.string()) }) },
    errors: ['SEAL_REVOKED'],
    handler: ({ params, query, body }) => ({
      itemId: params.itemId,
      names: Array.from({ length: query.repeat }, () => body.name),
      // A field the response schema does not declare: must be stripped, never leaked.
      internalNote: 'not for callers',
    }),
  });
  api.route({
    method: 'get',
    path: '/fixtures/revoked',
    summary: 'Throws a coded error',
    public: true,
    response: { description: 'never', schema: z.object({}) },
    handler: () => {
      throw new SealError('SEAL_REVOKED', 'The seal was revoked', { details: { sealId: 's-1' } });
    },
  });
  api.route({
    method: 'get',
    path: '/fixtures/crash',
    summary: 'Throws an uncoded error',
    public: true,
    response: { description: 'never', schema: z.object({}) },
    handler: async () => {
      throw new Error('connect ECONNREFUSED 10.0.0.7:27017 for user admin');
    },
  });
  api.route({
    method: 'get',
    path: '/fixtures/wrong-shape',
    summary: 'Returns what its schema does not allow',
    public: true,
    response: { description: 'never', schema: z.object({ count: z.number() }) },
    handler: () => ({ count: 'many' }) as unknown as { count: number },
  });
  api.route({
    method: 'get',
    path: '/fixtures/half-sent',
    summary: 'Fails after the response started',
    public: true,
    response: { description: 'never', schema: z.object({}) },
    handler: async ({ res }) => {
      res.status(200).type('application/json').write('{"partial":');
      throw new Error('stream broke mid-way');
    },
  });
  api.binaryRoute({
    method: 'get',
    path: '/fixtures/file',
    summary: 'A binary answer',
    public: true,
    response: { description: 'bytes', contentType: 'application/pdf' },
    handler: () => ({ data: new TextEncoder().encode('%PDF-1.7'), filename: 'sample.pdf' }),
  });
};

export function buildTestApp(overrides: Partial<AppDeps> = {}) {
  return createApp({
    logger: createLogger({ level: 'silent' }),
    bodyLimitBytes: 1024,
    probes: [],
    apiModules: [fixtureRoutes],
    ...overrides,
  });
}
