import { getCaller } from '../../access';
import type { ApiModule } from '../../app';
import { REVOCATION_REASON_CODES, SEAL_KIND_CODES, SEAL_STATUSES } from '../../domain';
import { z } from '../../openapi/zod';
import { ListQuerySchema, listPageSchema } from '../../openapi/list-schemas';
import {
  changeCustodian,
  getSeal,
  getSealFilings,
  getSealLedgerHistory,
  listFilings,
  listSeals,
  makeSealFromApplication,
  renameSeal,
  renewSeal,
  revokeSeal,
  type LifecycleDeps,
} from '../../usecases/seals';
import {
  ApplicationViewSchema,
  DocumentRefSchema,
  FilingListSchema,
  FilingStatusSchema,
  IdParam,
  IdentityInputSchema,
  LedgerHistorySchema,
  PinSchema,
  SealViewSchema,
} from './schemas';

const SealParams = z.object({ sealId: IdParam('sealId') });

export function sealRoutes(deps: LifecycleDeps): ApiModule {
  return (api) => {
    api.route({
      method: 'post',
      path: '/seals',
      operation: 'seal.make',
      summary: 'Make the seal of an approved application',
      tags: ['seals'],
      body: z.object({
        applicationId: IdParam('applicationId'),
        initialPin: PinSchema,
        validityDays: z.number().int().min(1).max(3650).optional(),
      }),
      response: { status: 201, description: 'The seal, MADE (filing follows)', schema: SealViewSchema },
      errors: [
        'FORBIDDEN',
        'NOT_FOUND',
        'INVALID_TRANSITION',
        'DUPLICATE_LEGAL_NAME_SEAL',
        'SEAL_CODE_TAKEN',
        'UPSTREAM_UNAVAILABLE',
        'UPSTREAM_REJECTED',
      ],
      handler: ({ body, req }) => makeSealFromApplication(deps, getCaller(req), body),
    });
    api.route({
      method: 'get',
      path: '/seals',
      operation: 'seal.read',
      summary: 'List seals by unit, status and kind',
      tags: ['seals'],
      query: ListQuerySchema.extend({
        unitId: IdParam('unitId').optional(),
        status: z.enum(SEAL_STATUSES).optional(),
        kind: z.enum(SEAL_KIND_CODES).optional(),
      }),
      response: { description: 'One page, in id order', schema: listPageSchema(SealViewSchema).openapi('SealPage') },
      errors: ['FORBIDDEN', 'INVALID_CURSOR'],
      handler: ({ query, req }) => listSeals(deps, getCaller(req), query),
    });
    api.route({
      method: 'get',
      path: '/seals/:sealId',
      operation: 'seal.read',
      summary: 'Get a seal',
      tags: ['seals'],
      params: SealParams,
      response: { description: 'The seal', schema: SealViewSchema },
      errors: ['FORBIDDEN', 'NOT_FOUND'],
      handler: ({ params, req }) => getSeal(deps, getCaller(req), params.sealId),
    });
    api.route({
      method: 'get',
      path: '/seals/:sealId/history',
      operation: 'seal.read',
      summary: 'The seal as recorded on the ledger, newest first',
      tags: ['seals'],
      params: SealParams,
      response: { description: 'Ledger history (all of it: a seal has a few entries)', schema: LedgerHistorySchema },
      errors: ['FORBIDDEN', 'NOT_FOUND', 'LEDGER_UNAVAILABLE'],
      handler: async ({ params, req }) => ({
        items: (await getSealLedgerHistory(deps, getCaller(req), params.sealId)).map((e) => ({
          ...e,
          seal: e.seal as unknown as Record<string, unknown> | null,
        })),
      }),
    });
    api.route({
      method: 'get',
      path: '/seals/:sealId/filings',
      operation: 'seal.read',
      summary: 'Filing status with public security',
      tags: ['seals'],
      params: SealParams,
      response: { description: 'Filings in order (all of them: a seal has a few)', schema: listPageSchema(FilingStatusSchema) },
      errors: ['FORBIDDEN', 'NOT_FOUND'],
      handler: async ({ params, req }) => ({ items: await getSealFilings(deps, getCaller(req), params.sealId) }),
    });
    api.route({
      method: 'get',
      path: '/filings',
      operation: 'seal.read',
      summary: 'Filings (备案) with public security by state, unit and seal (state=PENDING: still owed)',
      tags: ['seals'],
      query: ListQuerySchema.extend({
        unitId: IdParam('unitId').optional(),
        sealId: IdParam('sealId').optional(),
        state: z.enum(['PENDING', 'ACKED', 'FAILED']).optional(),
      }),
      response: { description: 'One page, in id order', schema: listPageSchema(FilingListSchema).openapi('FilingPage') },
      errors: ['FORBIDDEN', 'INVALID_CURSOR'],
      handler: ({ query, req }) => listFilings(deps, getCaller(req), query),
    });
    api.route({
      method: 'post',
      path: '/seals/:sealId/custodian',
      operation: 'seal.change',
      summary: 'Hand the seal to a new custodian',
      tags: ['seals'],
      params: SealParams,
      body: z.object({ custodian: IdentityInputSchema, currentPin: z.string().min(1).max(16), newPin: PinSchema }),
      response: { description: 'The seal', schema: SealViewSchema },
      errors: ['FORBIDDEN', 'NOT_FOUND', 'INVALID_TRANSITION', 'WRONG_PIN', 'INVALID_RESIDENT_ID', 'IDENTITY_NAME_MISMATCH'],
      handler: ({ params, body, req }) => changeCustodian(deps, getCaller(req), params.sealId, body),
    });
    api.route({
      method: 'post',
      path: '/seals/:sealId/rename',
      operation: 'seal.change',
      summary: 'Change the name on a seal: opens a re-issue application; making it revokes this seal',
      tags: ['seals'],
      params: SealParams,
      body: z.object({
        newName: z.string().trim().min(1).max(100),
        channel: z.enum(['IN_PERSON', 'AGENT']),
        materials: z.array(DocumentRefSchema).max(40),
        sealCode: z
          .string()
          .regex(/^\d{13}$/)
          .optional(),
        agent: IdentityInputSchema.optional(),
      }),
      response: { status: 201, description: 'The re-issue application', schema: ApplicationViewSchema },
      errors: ['FORBIDDEN', 'NOT_FOUND', 'INVALID_TRANSITION', 'APPLICATION_INCOMPLETE', 'VALIDATION_FAILED', 'SEAL_CODE_TAKEN'],
      handler: ({ params, body, req }) => renameSeal(deps, getCaller(req), params.sealId, body),
    });
    api.route({
      method: 'post',
      path: '/seals/:sealId/renew',
      operation: 'seal.renew',
      summary: 'Renew the certificate in the 30 days before it expires (imprint unchanged)',
      tags: ['seals'],
      params: SealParams,
      body: z.object({ validityDays: z.number().int().min(1).max(3650).optional() }),
      response: { description: 'The renewed seal', schema: SealViewSchema },
      errors: ['FORBIDDEN', 'NOT_FOUND', 'INVALID_TRANSITION', 'RENEWAL_WINDOW_CLOSED'],
      handler: ({ params, body, req }) => renewSeal(deps, getCaller(req), params.sealId, body),
    });
    api.route({
      method: 'post',
      path: '/seals/:sealId/revoke',
      operation: 'seal.revoke',
      summary: 'Revoke a seal for one of the reasons of 第二十一条',
      tags: ['seals'],
      params: SealParams,
      body: z.object({
        // A string, not the enum: an unknown reason is a rule violation (422 INVALID_REVOCATION_REASON), not a malformed request.
        reason: z
          .string()
          .min(1)
          .max(64)
          .openapi({ enum: [...REVOCATION_REASON_CODES] }),
        materials: z.array(DocumentRefSchema).max(20),
        reportedCompromiseAt: z.string().datetime().optional(),
      }),
      response: { description: 'The revoked seal', schema: SealViewSchema },
      errors: ['FORBIDDEN', 'NOT_FOUND', 'INVALID_TRANSITION', 'INVALID_REVOCATION_REASON', 'APPLICATION_INCOMPLETE'],
      handler: ({ params, body, req }) => revokeSeal(deps, getCaller(req), params.sealId, body),
    });
  };
}
