import type { ApiModule } from '../../app';
import { getCaller } from '../../access';
import { z } from '../../openapi/zod';
import { decideUse, getUseRequest, listUseRequests, requestUse, type SigningDeps } from '../../usecases/signing';
import { UseDecisionSchema, UseRejectionSchema, UseRequestCreateSchema, UseRequestSchema } from './schemas';
import { useRequestView } from './views';

const RequestIdParams = z.object({ requestId: z.string().min(1).max(64) });

/** 用章审批: request, approve, reject, read. */
export const useRequestRoutes =
  (deps: SigningDeps): ApiModule =>
  (api) => {
    api.route({
      operation: 'use.request',
      method: 'post',
      path: '/seal-use-requests',
      summary: 'Request to use an official seal on a document',
      tags: ['signing'],
      body: UseRequestCreateSchema,
      response: { status: 201, description: 'The pending request', schema: UseRequestSchema },
      errors: ['NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'SEAL_NOT_ACTIVE'],
      handler: async ({ body, req }) => useRequestView(await requestUse(deps, getCaller(req), body)),
    });
    api.route({
      operation: 'use.decide',
      method: 'post',
      path: '/seal-use-requests/:requestId/approve',
      summary: 'Approve a seal use request',
      tags: ['signing'],
      params: RequestIdParams,
      body: UseDecisionSchema,
      response: { description: 'The approved request, usable once before expiresAt', schema: UseRequestSchema },
      errors: ['NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'INVALID_TRANSITION', 'SEPARATION_OF_DUTIES'],
      handler: async ({ params, body, req }) =>
        useRequestView(await decideUse(deps, getCaller(req), params.requestId, { approve: true, note: body.note })),
    });
    api.route({
      operation: 'use.decide',
      method: 'post',
      path: '/seal-use-requests/:requestId/reject',
      summary: 'Reject a seal use request',
      tags: ['signing'],
      params: RequestIdParams,
      body: UseRejectionSchema,
      response: { description: 'The rejected request', schema: UseRequestSchema },
      errors: ['NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'INVALID_TRANSITION', 'SEPARATION_OF_DUTIES'],
      handler: async ({ params, body, req }) =>
        useRequestView(await decideUse(deps, getCaller(req), params.requestId, { approve: false, note: body.note })),
    });
    api.route({
      operation: 'use.read',
      method: 'get',
      path: '/seal-use-requests',
      summary: "A unit's use requests in one state, newest first (the approver's inbox: state=PENDING)",
      tags: ['signing'],
      query: z.object({
        state: z.enum(['PENDING', 'APPROVED', 'REJECTED', 'USED']).default('PENDING'),
        unitId: z.string().min(1).max(64).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: { description: 'The requests', schema: z.object({ requests: z.array(UseRequestSchema) }) },
      errors: ['FORBIDDEN', 'UNAUTHENTICATED', 'VALIDATION_FAILED'],
      handler: async ({ query, req }) => ({ requests: (await listUseRequests(deps, getCaller(req), query)).map(useRequestView) }),
    });
    api.route({
      operation: 'use.read',
      method: 'get',
      path: '/seal-use-requests/:requestId',
      summary: 'Read a seal use request',
      tags: ['signing'],
      params: RequestIdParams,
      response: { description: 'The request', schema: UseRequestSchema },
      errors: ['NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED'],
      handler: async ({ params, req }) => useRequestView(await getUseRequest(deps, getCaller(req), params.requestId)),
    });
  };
