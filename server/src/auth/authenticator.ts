import { SealError } from '@eseal/core';
import type { Request } from 'express';
import type { Caller } from '../access/caller';
import type { ApiKeyService } from './api-keys';
import { CSRF_HEADER, type BrowserSessions } from './browser-session';
import type { SessionTokens, TokenClaims } from './session-token';

export const API_KEY_HEADER = 'x-api-key';

export type Credentials = { kind: 'token'; token: string } | { kind: 'api-key'; key: string };

/** Bearer session token, or an API key in X-API-Key (or as a Bearer value starting with esk_). */
export function readCredentials(req: Request): Credentials | undefined {
  const header = req.headers.authorization;
  const apiKey = req.headers[API_KEY_HEADER];
  if (typeof apiKey === 'string' && apiKey !== '') return { kind: 'api-key', key: apiKey.trim() };
  if (typeof header !== 'string' || header === '') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw new SealError('UNAUTHENTICATED', 'the Authorization header must be "Bearer <token>"');
  return match[1].startsWith('esk_') ? { kind: 'api-key', key: match[1] } : { kind: 'token', token: match[1] };
}

function withToken(token: string | undefined): Credentials | undefined {
  return token === undefined ? undefined : { kind: 'token', token };
}

/** The client address as Express sees it (honours `trust proxy` only when configured). */
export function clientIp(req: Request): string | undefined {
  return req.ip ?? req.socket.remoteAddress ?? undefined;
}

/**
 * Turns credentials into a Caller. No credentials: undefined (a public route may still answer).
 * Present but bad credentials always fail, even on public routes: a client with a stale key should
 * learn that at once rather than silently acting anonymously.
 */
export class Authenticator {
  constructor(
    private readonly tokens: SessionTokens,
    private readonly apiKeys: ApiKeyService,
    private readonly browserSessions?: BrowserSessions,
  ) {}

  async authenticate(req: Request, options: { publicRoute?: boolean } = {}): Promise<{ caller: Caller; claims?: TokenClaims } | undefined> {
    // An explicit credential wins; only without one does the browser session cookie count (and needs its CSRF token).
    // A public route called without the CSRF header is answered as to anyone: the cookie goes along by itself
    // (a stale one after a password change, or a signed-out tab) and must neither block signing in nor count.
    const cookieToken = (): string | undefined =>
      options.publicRoute && req.headers[CSRF_HEADER] === undefined ? undefined : this.browserSessions?.tokenOf(req);
    const credentials = readCredentials(req) ?? withToken(cookieToken());
    if (!credentials) return undefined;
    const ip = clientIp(req);
    if (credentials.kind === 'api-key') return { caller: await this.apiKeys.authenticate(credentials.key, ip) };
    const claims = await this.tokens.verify(credentials.token, 'access');
    const caller: Caller = {
      id: claims.sub,
      kind: 'person',
      roles: claims.roles,
      ...(claims.unitId ? { unitId: claims.unitId } : {}),
      ...(claims.personId ? { personId: claims.personId } : {}),
      ...(ip === undefined ? {} : { ip }),
    };
    return { caller, claims };
  }
}
