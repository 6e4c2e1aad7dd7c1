import { CLIENT_CLASSES, OPERATION_NAMES, ROLES } from '../../access';
import { z } from '../../openapi/zod';

/** Ids are opaque tokens: bounded and plain, so nothing path- or operator-like reaches a query. */
export const IdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "_" or "-"');

export const TokenPairSchema = z
  .object({
    accessToken: z.string(),
    refreshToken: z.string(),
    accessExpiresAt: z.string(),
    refreshExpiresAt: z.string(),
  })
  .openapi('TokenPair');

export const SignInResponseSchema = z
  .object({
    status: z.enum(['SIGNED_IN', 'SECOND_FACTOR_REQUIRED']),
    tokens: TokenPairSchema.optional(),
    mustChangePassword: z.boolean().optional(),
    challenge: z
      .object({ challengeId: z.string(), nonce: z.string(), message: z.string(), expiresAt: z.string() })
      .optional()
      .openapi({ description: 'Sign the UTF-8 bytes of `message` with the registered SM2 key (SM3, default user ID), DER, base64' }),
  })
  .openapi('SignInResponse');

export const RoleSchema = z.enum(ROLES);
export const ClientClassSchema = z.enum(CLIENT_CLASSES);
export const OperationSchema = z.enum(OPERATION_NAMES as [string, ...string[]]);

/** Stored dates leave as ISO-8601 strings. */
const DateTime = z
  .union([z.date(), z.string()])
  .transform((d) => new Date(d).toISOString())
  .openapi({ type: 'string', format: 'date-time' });

export const AccountViewSchema = z
  .object({
    accountId: z.string(),
    username: z.string(),
    roles: z.array(RoleSchema),
    unitId: z.string().optional(),
    personId: z.string().optional(),
    secondFactor: z.boolean(),
    mustChangePassword: z.boolean(),
    disabled: z.boolean(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .openapi('Account');

export const ApiKeyViewSchema = z
  .object({
    keyId: z.string().openapi({ description: 'Key id: the public prefix of the key' }),
    _id: z.string().openapi({ description: 'The same key id, as older clients read it', deprecated: true }),
    name: z.string(),
    clientClass: ClientClassSchema,
    scopes: z.array(z.string()),
    unitIds: z.array(z.string()),
    status: z.enum(['ACTIVE', 'REVOKED']),
    expiresAt: DateTime,
    createdBy: z.string(),
    revokedAt: DateTime.optional(),
    rotatedTo: z.string().optional(),
    createdAt: DateTime,
  })
  .openapi('ApiKey');

export const IssuedApiKeySchema = z
  .object({
    keyId: z.string(),
    apiKey: z.string().openapi({ description: 'Shown once; only its HMAC is stored' }),
    expiresAt: z.string(),
  })
  .openapi('IssuedApiKey');
