import request from 'supertest';
import { SealError } from '@eseal/core';
import type { ApiModule } from '../../server/src/app';
import type { RouteGuard } from '../../server/src/http/api-router';
import { z } from '../../server/src/openapi/zod';
import { buildTestApp } from './test-app';

const guardedRoutes: ApiModule = (api) => {
  api.route({
    method: 'get',
    path: '/guarded/:sealId',
    summary: 'Needs seal.read',
    operation: 'seal.read',
    params: z.object({ sealId: z.string().regex(/^s-\d+$/) }),
    response: { description: 'The seal id', schema: z.object({ sealId: z.string() }) },
    handler: ({ params }) => ({ sealId: params.sealId }),
  });
};

/** A stand-in for the real guard: admits requests carrying a fixed test header. */
const headerGuard: RouteGuard = {
  async admit(req, _res, access) {
    if (access.public) return;
    if (req.headers['x-test-caller'] !== 'auditor') throw new SealError('UNAUTHENTICATED', 'authentication required');
    if (access.operation !== 'seal.read') throw new SealError('FORBIDDEN', 'not allowed');
  },
};

describe('route guard wiring', () => {
  it('denies non-public routes when no guard is configured', async () => {
    const res = await request(buildTestApp({ apiModules: [guardedRoutes] })).get('/api/v1/guarded/s-1');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('passes each route to the configured guard with its operation', async () => {
    const app = buildTestApp({ apiModules: [guardedRoutes], routeGuard: headerGuard });
    await request(app).get('/api/v1/guarded/s-1').expect(401);
    const res = await request(app).get('/api/v1/guarded/s-1').set('X-Test-Caller', 'auditor');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ sealId: 's-1' });
  });

  it('refuses an unauthenticated caller before validating its input', async () => {
    const app = buildTestApp({ apiModules: [guardedRoutes], routeGuard: headerGuard });
    const res = await request(app).get('/api/v1/guarded/not-a-seal-id');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });
});
