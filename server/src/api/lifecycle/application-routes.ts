import { getCaller } from '../../access';
import type { ApiModule } from '../../app';
import { SEAL_KIND_CODES, SEAL_STATUSES } from '../../domain';
import { ListQuerySchema, listPageSchema } from '../../openapi/list-schemas';
import { z } from '../../openapi/zod';
import { getApplication, listApplications, reviewApplication, submitApplication, type LifecycleDeps } from '../../usecases/seals';
import { ApplicationViewSchema, DocumentRefSchema, IdParam, IdentityInputSchema } from './schemas';

export function applicationRoutes(deps: LifecycleDeps): ApiModule {
  return (api) => {
    api.route({
      method: 'get',
      path: '/seal-applications',
      operation: 'application.read',
      summary: 'List seal applications by status, unit and kind (status=SUBMITTED: waiting for review)',
      tags: ['seal-applications'],
      query: ListQuerySchema.extend({
        unitId: IdParam('unitId').optional(),
        status: z.enum(SEAL_STATUSES).optional(),
        kind: z.enum(SEAL_KIND_CODES).optional(),
      }),
      response: { description: 'One page, in seal id order', schema: listPageSchema(ApplicationViewSchema).openapi('SealApplicationPage') },
      errors: ['FORBIDDEN', 'INVALID_CURSOR'],
      handler: ({ query, req }) => listApplications(deps, getCaller(req), query),
    });
    api.route({
      method: 'post',
      path: '/seal-applications',
      operation: 'application.submit',
      summary: 'Apply for a seal',
      description: 'Materials per 第九条; an agent (第十条) adds their ID and the authorisation letter.',
      tags: ['seal-applications'],
      body: z.object({
        unitId: IdParam('unitId'),
        kind: z.enum(SEAL_KIND_CODES),
        channel: z.enum(['IN_PERSON', 'AGENT']),
        materials: z.array(DocumentRefSchema).max(40),
        sealCode: z
          .string()
          .regex(/^\d{13}$/)
          .optional(),
        holder: IdentityInputSchema.optional(),
        custodian: IdentityInputSchema.optional(),
        agent: IdentityInputSchema.optional(),
      }),
      response: { status: 201, description: 'The application, SUBMITTED', schema: ApplicationViewSchema },
      errors: [
        'FORBIDDEN',
        'NOT_FOUND',
        'APPLICATION_INCOMPLETE',
        'DUPLICATE_LEGAL_NAME_SEAL',
        'INVALID_RESIDENT_ID',
        'IDENTITY_NAME_MISMATCH',
        'SEAL_CODE_TAKEN',
      ],
      handler: ({ body, req }) => submitApplication(deps, getCaller(req), body),
    });
    api.route({
      method: 'get',
      path: '/seal-applications/:applicationId',
      operation: 'application.read',
      summary: 'Get a seal application',
      tags: ['seal-applications'],
      params: z.object({ applicationId: IdParam('applicationId') }),
      response: { description: 'The application', schema: ApplicationViewSchema },
      errors: ['FORBIDDEN', 'NOT_FOUND'],
      handler: ({ params, req }) => getApplication(deps, getCaller(req), params.applicationId),
    });
    api.route({
      method: 'post',
      path: '/seal-applications/:applicationId/review',
      operation: 'application.review',
      summary: 'Approve or reject an application',
      tags: ['seal-applications'],
      params: z.object({ applicationId: IdParam('applicationId') }),
      body: z.discriminatedUnion('decision', [
        z.object({ decision: z.literal('APPROVE'), note: z.string().max(500).optional() }),
        z.object({ decision: z.literal('REJECT'), reason: z.string().trim().min(1).max(500) }),
      ]),
      response: { description: 'The reviewed application', schema: ApplicationViewSchema },
      errors: ['FORBIDDEN', 'NOT_FOUND', 'INVALID_TRANSITION', 'APPLICATION_INCOMPLETE'],
      handler: ({ params, body, req }) => reviewApplication(deps, getCaller(req), params.applicationId, body),
    });
  };
}
