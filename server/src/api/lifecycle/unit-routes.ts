import { getCaller } from '../../access';
import type { ApiModule } from '../../app';
import { z } from '../../openapi/zod';
import { UNIT_CATEGORIES } from '../../store';
import type { LifecycleDeps } from '../../usecases/seals';
import { getUnit, listPeople, listUnits, registerUnit } from '../../usecases/units';
import { ListQuerySchema, listPageSchema } from '../../openapi/list-schemas';
import { issueStarterPackage } from '../../usecases/seals';
import { DocumentRefSchema, IdParam, IdentityInputSchema, PersonViewSchema, PinSchema, SealViewSchema, UnitViewSchema } from './schemas';

export function unitRoutes(deps: LifecycleDeps): ApiModule {
  return (api) => {
    api.route({
      method: 'post',
      path: '/units',
      operation: 'unit.register',
      summary: 'Register a unit',
      tags: ['units'],
      body: z.object({
        name: z.string().trim().min(1).max(100),
        uscc: z.string().trim().min(1).max(32).openapi({ description: 'Unified social credit code (GB 32100), check character verified' }),
        category: z.enum(UNIT_CATEGORIES),
        legalRepresentative: IdentityInputSchema,
      }),
      response: { status: 201, description: 'The registered unit', schema: UnitViewSchema },
      errors: ['FORBIDDEN', 'INVALID_USCC', 'INVALID_RESIDENT_ID', 'UNIT_ALREADY_REGISTERED', 'IDENTITY_NAME_MISMATCH'],
      handler: ({ body, req }) => registerUnit(deps, getCaller(req), body),
    });
    api.route({
      method: 'get',
      path: '/units',
      operation: 'unit.read',
      summary: 'List units (a unit-scoped caller sees their own)',
      tags: ['units'],
      query: ListQuerySchema.extend({ category: z.enum(UNIT_CATEGORIES).optional() }),
      response: { description: 'One page, in id order', schema: listPageSchema(UnitViewSchema).openapi('UnitPage') },
      errors: ['FORBIDDEN', 'INVALID_CURSOR'],
      handler: ({ query, req }) => listUnits(deps, getCaller(req), query),
    });
    api.route({
      method: 'get',
      path: '/units/:unitId/people',
      operation: 'unit.read',
      summary: "A unit's registered people (masked)",
      tags: ['units'],
      params: z.object({ unitId: IdParam('unitId') }),
      query: ListQuerySchema,
      response: { description: 'One page, in id order', schema: listPageSchema(PersonViewSchema).openapi('PersonPage') },
      errors: ['FORBIDDEN', 'INVALID_CURSOR'],
      handler: ({ params, query, req }) => listPeople(deps, getCaller(req), params.unitId, query),
    });
    api.route({
      method: 'get',
      path: '/units/:unitId',
      operation: 'unit.read',
      summary: 'Get a unit',
      tags: ['units'],
      params: z.object({ unitId: IdParam('unitId') }),
      response: { description: 'The unit', schema: UnitViewSchema },
      errors: ['FORBIDDEN', 'NOT_FOUND'],
      handler: ({ params, req }) => getUnit(deps, getCaller(req), params.unitId),
    });
    api.route({
      method: 'post',
      path: '/units/:unitId/starter-package',
      operation: 'seal.make',
      summary: 'Issue the free starter package (legal-name, finance, contract, legal-representative seals) in one call',
      tags: ['units', 'seals'],
      params: z.object({ unitId: IdParam('unitId') }),
      body: z.object({
        channel: z.enum(['IN_PERSON', 'AGENT']),
        materials: z.array(DocumentRefSchema).max(40),
        custodian: IdentityInputSchema,
        custodianPin: PinSchema,
        legalRepresentativePin: PinSchema,
        agent: IdentityInputSchema.optional(),
        validityDays: z.number().int().min(1).max(3650).optional(),
      }),
      response: { status: 201, description: 'The four seals, made', schema: z.object({ seals: z.array(SealViewSchema) }) },
      errors: [
        'FORBIDDEN',
        'NOT_FOUND',
        'APPLICATION_INCOMPLETE',
        'DUPLICATE_LEGAL_NAME_SEAL',
        'INVALID_RESIDENT_ID',
        'IDENTITY_NAME_MISMATCH',
        'SEAL_CODE_TAKEN',
      ],
      handler: async ({ params, body, req }) => ({ seals: await issueStarterPackage(deps, getCaller(req), params.unitId, body) }),
    });
  };
}
