import type { Request } from 'express';
import type { TokenClaims } from './session-token';

/** The verified session token of the request, for sign-out; under a private symbol like the caller. */
const SESSION = Symbol('eseal.session');

type WithSession = Request & { [SESSION]?: TokenClaims };

export function setSessionClaims(req: Request, claims: TokenClaims): void {
  (req as WithSession)[SESSION] = claims;
}

export function findSessionClaims(req: Request): TokenClaims | undefined {
  return (req as WithSession)[SESSION];
}
