import { SealError } from '@eseal/core';
import type { ApiModule } from '../../app';
import { getCaller, setCaller } from '../../access';
import type { Auth } from '../../auth';
import { findSessionClaims } from '../../auth/request-session';
import type { RateLimit, RateLimiter } from '../../http/security/rate-limiter';
import { z } from '../../openapi/zod';
import { SignInResponseSchema, TokenPairSchema } from './schemas';

export interface SessionRouteDeps {
  auth: Auth;
  /** Optional per-IP budget of sign-in attempts, on top of the per-username lockout. */
  signInLimit?: { limiter: RateLimiter; rule: RateLimit };
}

const Password = z.string().min(1).max(256);

/** Sign-in (password, then the optional SM2 second factor), refresh, sign-out and one's own credentials. */
export const sessionRoutes =
  ({ auth, signInLimit }: SessionRouteDeps): ApiModule =>
  (api) => {
    api.route({
      method: 'post',
      path: '/auth/sign-in',
      public: true,
      summary: 'Sign in with username and password',
      description: 'Five failures within 15 minutes lock the username for the rest of the window (423 ACCOUNT_LOCKED).',
      tags: ['auth'],
      body: z.object({ username: z.string().min(1).max(128), password: Password }),
      response: { description: 'Tokens, or an SM2 challenge when a second factor is registered', schema: SignInResponseSchema },
      errors: ['INVALID_CREDENTIALS', 'ACCOUNT_LOCKED', 'RATE_LIMITED'],
      handler: async ({ body, req, res }) => {
        if (signInLimit) await signInLimit.limiter.consume('sign-in', req.ip ?? 'unknown', signInLimit.rule, res);
        try {
          const { accountId, ...result } = await auth.signIn.withPassword(body.username, body.password);
          if (accountId) setCaller(req, { id: accountId, kind: 'person', roles: [], ip: req.ip });
          return result;
        } catch (error) {
          const retry = (error as SealError).details?.retryAfterSeconds;
          if ((error as SealError).code === 'ACCOUNT_LOCKED' && typeof retry === 'number') res.setHeader('Retry-After', String(retry));
          throw error;
        }
      },
    });

    api.route({
      method: 'post',
      path: '/auth/second-factor',
      public: true,
      summary: 'Answer the SM2 sign-in challenge',
      tags: ['auth'],
      body: z.object({ challengeId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), signature: z.string().base64().max(200) }),
      response: { description: 'Tokens', schema: SignInResponseSchema },
      errors: ['INVALID_CREDENTIALS'],
      handler: async ({ body, req }) => {
        const { accountId, ...result } = await auth.signIn.withSecondFactor(body.challengeId, Buffer.from(body.signature, 'base64'));
        setCaller(req, { id: accountId, kind: 'person', roles: [], ip: req.ip });
        return result;
      },
    });

    api.route({
      method: 'post',
      path: '/auth/refresh',
      public: true,
      summary: 'Exchange a refresh token (single use) for a new token pair',
      description: 'A refresh token used twice revokes the whole sign-in (401 TOKEN_REPLAYED).',
      tags: ['auth'],
      body: z.object({ refreshToken: z.string().min(1).max(4096) }),
      response: { description: 'A new pair', schema: TokenPairSchema },
      errors: ['TOKEN_EXPIRED', 'TOKEN_REPLAYED', 'UNAUTHENTICATED'],
      handler: ({ body }) => auth.signIn.refresh(body.refreshToken),
    });

    api.route({
      method: 'post',
      path: '/auth/sign-out',
      operation: 'session.self',
      summary: 'Revoke this session (its access and refresh tokens)',
      tags: ['auth'],
      response: { description: 'Signed out', schema: z.object({ signedOut: z.literal(true) }) },
      handler: async ({ req }) => {
        const claims = findSessionClaims(req);
        if (!claims) throw new SealError('UNAUTHENTICATED', 'sign-out needs a session token');
        await auth.tokens.revoke(claims);
        return { signedOut: true as const };
      },
    });

    api.route({
      method: 'get',
      path: '/auth/me',
      operation: 'session.self',
      summary: 'Who the session belongs to',
      tags: ['auth'],
      response: {
        description: 'The caller',
        schema: z.object({
          id: z.string(),
          roles: z.array(z.string()),
          unitId: z.string().optional(),
          secondFactor: z.boolean(),
          mustChangePassword: z.boolean(),
        }),
      },
      handler: async ({ req }) => {
        const caller = getCaller(req);
        const account = await auth.accounts.findActive(caller.id);
        if (!account) throw new SealError('UNAUTHENTICATED', 'the account is disabled or gone');
        return {
          id: caller.id,
          roles: [...caller.roles],
          unitId: caller.unitId,
          secondFactor: account.sm2PublicKeyHex !== undefined,
          mustChangePassword: account.mustChangePassword,
        };
      },
    });

    api.route({
      method: 'post',
      path: '/auth/password',
      operation: 'session.password',
      summary: "Change one's own password; every session of the account ends",
      tags: ['auth'],
      body: z.object({ currentPassword: Password, newPassword: Password }),
      response: { description: 'Changed', schema: z.object({ changed: z.literal(true) }) },
      errors: ['INVALID_CREDENTIALS', 'ACCOUNT_LOCKED'],
      description:
        'A session signed in with a one-time password may call nothing else (403 PASSWORD_CHANGE_REQUIRED) until the password is changed and the person signs in again.',
      handler: async ({ body, req }) => {
        // Re-checking the current password stops a borrowed, unlocked session from taking over the account.
        await auth.signIn.changePassword(getCaller(req).id, body.currentPassword, body.newPassword);
        return { changed: true as const };
      },
    });

    api.route({
      method: 'put',
      path: '/auth/second-factor-key',
      operation: 'session.self',
      summary: 'Register the SM2 public key used as second factor',
      tags: ['auth'],
      body: z.object({ publicKeyHex: z.string().regex(/^04[0-9a-fA-F]{128}$/, 'an uncompressed SM2 point, hex') }),
      response: { description: 'Registered', schema: z.object({ registered: z.literal(true) }) },
      errors: ['KEY_INVALID'],
      handler: async ({ body, req }) => {
        await auth.accounts.registerSecondFactor(getCaller(req).id, body.publicKeyHex);
        return { registered: true as const };
      },
    });
  };
