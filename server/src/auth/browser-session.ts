import { createHmac, timingSafeEqual } from 'node:crypto';
import { SealError } from '@eseal/core';
import type { Request } from 'express';

/** The access token of a browser session: HttpOnly, so page scripts (and injected ones) never read it. */
export const SESSION_COOKIE = 'eseal_session';
/** Every request of a cookie session carries this header; a cross-site form cannot set it. */
export const CSRF_HEADER = 'x-csrf-token';
/** The cookie goes only to the API. */
const COOKIE_PATH = '/api/';

/**
 * Sessions for the browser pages: the access token travels in an HttpOnly, SameSite=Strict cookie, and
 * each request must also carry a CSRF token derived from it (HMAC under a server key), which the page
 * got in the sign-in answer and keeps in memory. SameSite keeps the cookie off cross-site requests in
 * browsers that honour it; the token refuses those that still arrive with it. Bearer tokens and API
 * keys are unaffected: nothing ambient, nothing to forge.
 */
export class BrowserSessions {
  constructor(private readonly key: Buffer) {}

  csrfTokenFor(accessToken: string): string {
    return createHmac('sm3', this.key).update('eseal/csrf/v1\u0000').update(accessToken).digest('base64url');
  }

  /** Set-Cookie value for a new session; `secure` when the request came over TLS. */
  cookie(accessToken: string, expiresAt: Date, secure: boolean): string {
    const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
    return `${SESSION_COOKIE}=${accessToken}; Path=${COOKIE_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
  }

  clearingCookie(secure: boolean): string {
    return `${SESSION_COOKIE}=; Path=${COOKIE_PATH}; Max-Age=0; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
  }

  /** The request's session cookie with its CSRF token checked; undefined when there is no session cookie. */
  tokenOf(req: Request): string | undefined {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (token === undefined || token === '') return undefined;
    const sent = req.headers[CSRF_HEADER];
    const expected = Buffer.from(this.csrfTokenFor(token));
    // Compare bytes, not characters: a non-ASCII header of the right length in characters is longer in
    // bytes, and timingSafeEqual throws on buffers of different lengths.
    const given = typeof sent === 'string' ? Buffer.from(sent, 'utf8') : undefined;
    if (given === undefined || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new SealError('CSRF_TOKEN_INVALID', `a cookie session's request must carry its ${CSRF_HEADER} header`);
    }
    return token;
  }
}

/** One cookie's value from a Cookie header (RFC 6265 pairs separated by "; "). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}
