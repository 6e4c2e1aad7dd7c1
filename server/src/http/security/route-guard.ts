import { SealError } from '@eseal/core';
import type { Request, Response } from 'express';
import { assertAllowed } from '../../access/policy';
import { setCaller } from '../../access/request-caller';
import type { Caller } from '../../access/caller';
import type { Operation } from '../../access/operations';
import { setSessionClaims } from '../../auth/request-session';
import type { TokenClaims } from '../../auth/session-token';
import type { RouteGuard } from '../api-router';
import type { RateLimit, RateLimiter } from './rate-limiter';
import { setRouteContext } from './route-context';
import { assertPlainQuery } from './strict-query';

export interface CallerSource {
  /** `publicRoute`: the route answers anyone, so an ambient credential (the session cookie) may be left out. */
  authenticate(req: Request, options?: { publicRoute?: boolean }): Promise<{ caller: Caller; claims?: TokenClaims } | undefined>;
}

/**
 * The central check every route passes before its handler: who is calling (token or API key), their
 * per-caller rate limit, and whether the route's operation is one of theirs (roles, and for API keys
 * the 第十八条 class and the key's scopes). Unit-level checks stay with the use case, which knows the unit.
 */
export function securityGuard(source: CallerSource | undefined, limiter?: { limiter: RateLimiter; perCaller: RateLimit }): RouteGuard {
  return {
    async admit(req: Request, res: Response, access) {
      setRouteContext(req, {
        pattern: access.pattern,
        params: plainParams(req.params),
        ...(access.operation ? { operation: access.operation } : {}),
      });
      const authenticated = source ? await source.authenticate(req, { publicRoute: access.public === true }) : undefined;
      if (authenticated) {
        setCaller(req, authenticated.caller);
        if (authenticated.claims) setSessionClaims(req, authenticated.claims);
        if (limiter) await limiter.limiter.consume('caller', authenticated.caller.id, limiter.perCaller, res);
      }
      if (!access.public) {
        if (!authenticated) throw new SealError('UNAUTHENTICATED', 'authentication required');
        if (authenticated.claims?.pwc && access.operation !== 'session.password') {
          // Whoever holds a one-time password (it travelled by hand) must not act with it beyond replacing it.
          throw new SealError('PASSWORD_CHANGE_REQUIRED', 'change the one-time password first (POST /auth/password), then sign in again', {
            details: { operation: access.operation },
          });
        }
        assertOperation(authenticated.caller, access.operation!);
      }
      assertPlainQuery(req);
    },
  };
}

function assertOperation(caller: Caller, operation: Operation): void {
  try {
    assertAllowed(caller, operation);
  } catch (error) {
    // Marked as the route-level refusal, so the authorisation-matrix test can tell it from a use case's unit check.
    throw new SealError('FORBIDDEN', (error as Error).message, { details: { operation, check: 'route' }, cause: error });
  }
}

/** Wildcard params arrive as arrays; the audit trail only needs them as text. */
function plainParams(params: Request['params']): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v.join('/') : String(v)]));
}
