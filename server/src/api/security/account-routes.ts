import type { ApiModule } from '../../app';
import { getCaller, type Operation, type Role } from '../../access';
import type { Auth } from '../../auth';
import { z } from '../../openapi/zod';
import { ListQuerySchema, listPageSchema } from '../../openapi/list-schemas';
import {
  AccountViewSchema,
  ApiKeyViewSchema,
  ClientClassSchema,
  IdSchema,
  IssuedApiKeySchema,
  OperationSchema,
  RoleSchema,
} from './schemas';

/** People's accounts and third-party API keys (第十八条): created, scoped, rotated, revoked. */
export const credentialRoutes =
  (auth: Auth): ApiModule =>
  (api) => {
    api.route({
      method: 'post',
      path: '/accounts',
      operation: 'account.manage',
      summary: 'Create an account; the one-time password is shown once',
      description: 'Public security creates any role; a unit administrator creates unit roles in their own unit.',
      tags: ['accounts'],
      body: z.object({
        username: z.string().regex(/^[A-Za-z0-9._@-]{3,64}$/),
        roles: z.array(RoleSchema).min(1).max(8),
        unitId: IdSchema.optional(),
        personId: IdSchema.optional(),
      }),
      response: {
        status: 201,
        description: 'Created',
        schema: z.object({ accountId: z.string(), username: z.string(), oneTimePassword: z.string() }).openapi('CreatedAccount'),
      },
      errors: ['IDEMPOTENCY_CONFLICT', 'SEPARATION_OF_DUTIES'],
      handler: ({ body, req }) => auth.accounts.create(getCaller(req), { ...body, roles: body.roles as Role[] }),
    });

    api.route({
      method: 'get',
      path: '/accounts',
      operation: 'account.manage',
      summary: "List accounts by unit and role (a unit administrator sees their unit's)",
      tags: ['accounts'],
      query: ListQuerySchema.extend({ unitId: IdSchema.optional(), role: RoleSchema.optional() }),
      response: { description: 'One page, in id order', schema: listPageSchema(AccountViewSchema).openapi('AccountPage') },
      errors: ['INVALID_CURSOR'],
      handler: ({ query, req }) => auth.accounts.list(getCaller(req), { ...query, ...(query.role ? { role: query.role as Role } : {}) }),
    });

    api.route({
      method: 'post',
      path: '/api-keys',
      operation: 'apikey.manage',
      summary: 'Create an API key for a third-party system; the key is shown once',
      description:
        'Scopes default to, and may not exceed, what the client class may do (第十八条): STATE_ORGAN sign and verify, ' +
        'SEAL_MAKER also issue, OTHER_ORGANISATION basic sign and verify. The key only reaches the listed units.',
      tags: ['api-keys'],
      body: z.object({
        name: z.string().min(1).max(100),
        clientClass: ClientClassSchema,
        scopes: z.array(OperationSchema).min(1).max(32).optional(),
        unitIds: z.array(IdSchema).min(1).max(100),
        expiresInDays: z.number().int().min(1).max(366).default(90),
      }),
      response: { status: 201, description: 'The new key', schema: IssuedApiKeySchema },
      handler: ({ body: { scopes, ...rest }, req }) =>
        auth.apiKeys.create(getCaller(req), { ...rest, ...(scopes ? { scopes: scopes as Operation[] } : {}) }),
    });

    api.route({
      method: 'get',
      path: '/api-keys',
      operation: 'apikey.manage',
      summary: "List API keys (a unit administrator sees their unit's)",
      tags: ['api-keys'],
      query: ListQuerySchema.extend({ unitId: IdSchema.optional(), status: z.enum(['ACTIVE', 'REVOKED']).optional() }),
      response: {
        description: 'One page of keys, without secrets, in id order',
        schema: listPageSchema(ApiKeyViewSchema).openapi('ApiKeyPage'),
      },
      errors: ['INVALID_CURSOR'],
      handler: ({ query, req }) => auth.apiKeys.list(getCaller(req), query),
    });

    api.route({
      method: 'post',
      path: '/api-keys/:keyId/rotate',
      operation: 'apikey.manage',
      summary: 'Issue a new secret with the same scope; the old key stops now or after a grace period',
      tags: ['api-keys'],
      params: z.object({ keyId: z.string().regex(/^[0-9a-f]{16}$/) }),
      body: z.object({ graceSeconds: z.number().int().min(0).max(86_400).default(0) }),
      response: { status: 201, description: 'The new key', schema: IssuedApiKeySchema },
      errors: ['NOT_FOUND', 'INVALID_TRANSITION'],
      handler: ({ params, body, req }) => auth.apiKeys.rotate(getCaller(req), params.keyId, body.graceSeconds),
    });

    api.route({
      method: 'post',
      path: '/api-keys/:keyId/revoke',
      operation: 'apikey.manage',
      summary: 'Revoke an API key at once',
      tags: ['api-keys'],
      params: z.object({ keyId: z.string().regex(/^[0-9a-f]{16}$/) }),
      response: { description: 'The revoked key', schema: ApiKeyViewSchema },
      errors: ['NOT_FOUND'],
      handler: ({ params, req }) => auth.apiKeys.revoke(getCaller(req), params.keyId),
    });
  };
