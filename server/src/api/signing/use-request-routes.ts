import type { ApiModule } from '../../app';
import { getCaller } from '../../access';
import { z } from '../../openapi/zod';
import { ListQuerySchema, listPageSchema } from '../../openapi/list-schemas';
import { USE_REQUEST_STATES } from '../../store/signing';
import { decideUse, getUseRequest, listUseRequests, requestUse, type SigningDeps } from '../../usecases/signing';
import { UseDecisionSchema, UseRejectionSchema, UseRequestCreateSchema, UseRequestSchema } from './schemas';

const RequestIdParams = z.object({ requestId: z.string().min(1).max(64) });

/** 用章审批: request, approve, reject, read, list. */
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
      handler: async ({ body, req }) => requestUse(deps, getCaller(req), body),
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
      handler: async ({ params, body, req }) => decideUse(deps, getCaller(req), params.requestId, { approve: true, note: body.note }),
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
      handler: async ({ params, body, req }) => decideUse(deps, getCaller(req), params.requestId, { approve: false, note: body.note }),
    });
    api.route({
      operation: 'use.read',
      method: 'get',
      path: '/seal-use-requests',
      summary: 'List seal use requests by unit, seal and state (state=PENDING: waiting for a decision)',
      tags: ['signing'],
      query: ListQuerySchema.extend({
        unitId: z.string().max(64).optional(),
        sealId: z.string().max(64).optional(),
        state: z.enum(USE_REQUEST_STATES).optional(),
      }),
      response: { description: 'One page, in id order', schema: listPageSchema(UseRequestSchema).openapi('SealUseRequestPage') },
      errors: ['FORBIDDEN', 'UNAUTHENTICATED', 'INVALID_CURSOR'],
      handler: async ({ query, req }) => listUseRequests(deps, getCaller(req), query),
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
      handler: async ({ params, req }) => getUseRequest(deps, getCaller(req), params.requestId),
    });
  };
