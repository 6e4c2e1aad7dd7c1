import { SealError } from '@eseal/core';
import type { ApiModule } from '../../app';
import type { Auth } from '../../auth';
import { findSessionClaims } from '../../auth/request-session';
import type { RateLimit, RateLimiter } from '../../http/security/rate-limiter';
import { z } from '../../openapi/zod';

const BrowserSessionSchema = z
  .object({
    status: z.enum(['SIGNED_IN', 'SECOND_FACTOR_REQUIRED']),
    csrfToken: z.string().optional().openapi({ description: 'Send as X-CSRF-Token on every request of this session' }),
    accessExpiresAt: z.string().optional(),
    mustChangePassword: z.boolean().optional(),
  })
  .openapi('BrowserSession');

/**
 * Sign-in for the browser pages: the session's access token is set as an HttpOnly, SameSite=Strict
 * cookie and never shown to the page; the answer carries the CSRF token the page sends with each
 * request (auth/browser-session.ts). Sessions here do not refresh: the page signs in again.
 */
export const browserSessionRoutes =
  ({ auth, signInLimit }: { auth: Auth; signInLimit?: { limiter: RateLimiter; rule: RateLimit } }): ApiModule =>
  (api) => {
    api.route({
      method: 'post',
      path: '/auth/browser-session',
      public: true,
      summary: 'Sign in from a browser page: the session travels in an HttpOnly cookie, with a CSRF token',
      description:
        'Same checks and lockout as /auth/sign-in. Accounts with an SM2 second factor answer SECOND_FACTOR_REQUIRED without a session: they sign in through the API.',
      tags: ['auth'],
      body: z.object({ username: z.string().min(1).max(128), password: z.string().min(1).max(256) }),
      response: { description: 'Signed in (cookie set), or a second factor is required', schema: BrowserSessionSchema },
      errors: ['INVALID_CREDENTIALS', 'ACCOUNT_LOCKED', 'RATE_LIMITED'],
      handler: async ({ body, req, res }) => {
        if (signInLimit) await signInLimit.limiter.consume('sign-in', req.ip ?? 'unknown', signInLimit.rule, res);
        const result = await auth.signIn.withPassword(body.username, body.password);
        if (result.status !== 'SIGNED_IN') return { status: result.status };
        const { accessToken, accessExpiresAt } = result.tokens;
        res.setHeader('Set-Cookie', auth.browserSessions.cookie(accessToken, new Date(accessExpiresAt), req.secure));
        return {
          status: result.status,
          csrfToken: auth.browserSessions.csrfTokenFor(accessToken),
          accessExpiresAt,
          mustChangePassword: result.mustChangePassword,
        };
      },
    });

    api.route({
      method: 'post',
      path: '/auth/browser-session/sign-out',
      operation: 'session.self',
      summary: 'End the browser session: revoke its tokens and clear the cookie',
      tags: ['auth'],
      response: { description: 'Signed out', schema: z.object({ signedOut: z.literal(true) }) },
      handler: async ({ req, res }) => {
        const claims = findSessionClaims(req);
        if (!claims) throw new SealError('UNAUTHENTICATED', 'sign-out needs a session');
        await auth.tokens.revoke(claims);
        res.setHeader('Set-Cookie', auth.browserSessions.clearingCookie(req.secure));
        return { signedOut: true as const };
      },
    });
  };
