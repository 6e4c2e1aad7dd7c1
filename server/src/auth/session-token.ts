import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SealError } from '@eseal/core';
import type { Redis } from 'ioredis';
import { ROLES, type Role } from '../access/caller';
import type { SecurityRedisKeys } from './redis-keys';

export type TokenType = 'access' | 'refresh';

/** Whom a token pair is issued to, as read from the account. */
export interface TokenSubject {
  accountId: string;
  roles: Role[];
  unitId?: string;
  personId?: string;
  mustChangePassword?: boolean;
}

/** What a session token asserts. Short-lived: roles are re-read from the account at every refresh. */
export interface TokenClaims {
  typ: TokenType;
  /** Account id. */
  sub: string;
  roles: Role[];
  unitId?: string;
  personId?: string;
  /** Seconds since the epoch. */
  iat: number;
  /**
   * Milliseconds since the epoch: a password change voids the tokens issued before it, and a session
   * issued in the same second as the change, before it, must not survive it. Absent in older tokens.
   */
  iam?: number;
  exp: number;
  /** Unique per token: the handle for revocation. */
  jti: string;
  /** One sign-in and every token refreshed from it: revoked together on logout or refresh reuse. */
  fam: string;
  /** Signed in with a one-time password: the session may only change the password. */
  pwc?: true;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: string;
  refreshExpiresAt: string;
}

export interface SessionSettings {
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = { accessTtlSeconds: 10 * 60, refreshTtlSeconds: 8 * 60 * 60 };

const VERSION = 'v1';

/**
 * Issued before the account's epoch (its last password change). Epochs are milliseconds; ones written
 * by older versions are seconds (below 10^12 until the year 33658). A token without `iam` counts from
 * the start of its second, so one issued in the same second as the change is void: a session cut a
 * moment too early beats one that survives the change.
 */
function issuedBefore(claims: TokenClaims, epoch: number): boolean {
  const epochMs = epoch < 1e12 ? epoch * 1000 : epoch;
  return (claims.iam ?? claims.iat * 1000) < epochMs;
}

/**
 * Compact HMAC-SM3 tokens: `v1.<claims base64url>.<mac base64url>`. Forged or altered tokens fail the
 * MAC (checked in constant time, before the claims are even parsed); expired ones fail `exp`; a token
 * revoked by logout, or a refresh token presented a second time, is a replay.
 */
export class SessionTokens {
  constructor(
    private readonly key: Buffer,
    private readonly redis: Redis,
    private readonly keys: SecurityRedisKeys,
    private readonly settings: SessionSettings = DEFAULT_SESSION_SETTINGS,
    private readonly now: () => number = Date.now,
  ) {}

  issuePair(subject: TokenSubject, family = newJti()): TokenPair {
    const issuedMs = this.now();
    const iat = Math.floor(issuedMs / 1000);
    const base = {
      sub: subject.accountId,
      roles: subject.roles,
      iat,
      iam: issuedMs,
      fam: family,
      ...(subject.unitId ? { unitId: subject.unitId } : {}),
      ...(subject.personId ? { personId: subject.personId } : {}),
      ...(subject.mustChangePassword ? { pwc: true as const } : {}),
    };
    const access: TokenClaims = { ...base, typ: 'access', exp: iat + this.settings.accessTtlSeconds, jti: newJti() };
    const refresh: TokenClaims = { ...base, typ: 'refresh', exp: iat + this.settings.refreshTtlSeconds, jti: newJti() };
    return {
      accessToken: this.sign(access),
      refreshToken: this.sign(refresh),
      accessExpiresAt: new Date(access.exp * 1000).toISOString(),
      refreshExpiresAt: new Date(refresh.exp * 1000).toISOString(),
    };
  }

  sign(claims: TokenClaims): string {
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${VERSION}.${body}.${this.mac(body)}`;
  }

  /** Checks MAC, type, expiry and the revocation lists. Throws UNAUTHENTICATED, TOKEN_EXPIRED or TOKEN_REPLAYED. */
  async verify(token: string, expected: TokenType): Promise<TokenClaims> {
    const claims = this.decode(token);
    if (claims.typ !== expected) throw new SealError('UNAUTHENTICATED', `not an ${expected} token`);
    if (claims.exp <= Math.floor(this.now() / 1000)) throw new SealError('TOKEN_EXPIRED', 'the token has expired');
    let revocations: Array<string | null>;
    try {
      revocations = await this.redis.mget(
        this.keys.revokedToken(claims.jti),
        this.keys.revokedFamily(claims.fam),
        this.keys.accountEpoch(claims.sub),
      );
    } catch (error) {
      // Fail closed: without the revocation list a signed-out token would look valid.
      throw new SealError('DEPENDENCY_UNAVAILABLE', 'session revocation list is unavailable', {
        details: { dependency: 'redis' },
        cause: error,
      });
    }
    const [token_, family, epoch] = revocations;
    if (token_ !== null || family !== null || (epoch !== null && issuedBefore(claims, Number(epoch)))) {
      throw new SealError('TOKEN_REPLAYED', 'the token was revoked (signed out or superseded) and cannot be used again');
    }
    return claims;
  }

  /**
   * Refresh tokens are single-use. A second use means two parties hold it (one stole it), so the whole
   * sign-in is revoked: the thief and the owner both have to sign in again, and the owner notices.
   */
  async refresh(refreshToken: string, current: (sub: string) => Promise<Omit<TokenSubject, 'accountId'>>): Promise<TokenPair> {
    const claims = await this.verify(refreshToken, 'refresh');
    const ttl = Math.max(1, claims.exp - Math.floor(this.now() / 1000));
    const first = await this.redis.set(this.keys.usedRefresh(claims.jti), '1', 'EX', ttl, 'NX');
    if (first === null) {
      await this.revokeFamily(claims.fam);
      throw new SealError('TOKEN_REPLAYED', 'this refresh token was already used; the session is revoked');
    }
    const account = await current(claims.sub);
    return this.issuePair({ accountId: claims.sub, ...account }, claims.fam);
  }

  /** Logout: this token now and every token of its sign-in. */
  async revoke(claims: TokenClaims): Promise<void> {
    const ttl = Math.max(1, claims.exp - Math.floor(this.now() / 1000));
    await this.redis.set(this.keys.revokedToken(claims.jti), '1', 'EX', ttl);
    await this.revokeFamily(claims.fam);
  }

  /**
   * Voids every token the account holds, on every device (after a password change): one Redis key
   * checked in the same round trip as the revocation list, kept as long as a refresh token lives.
   */
  async revokeAllFor(accountId: string): Promise<void> {
    await this.redis.set(this.keys.accountEpoch(accountId), String(this.now()), 'EX', this.settings.refreshTtlSeconds);
  }

  private async revokeFamily(family: string): Promise<void> {
    await this.redis.set(this.keys.revokedFamily(family), '1', 'EX', this.settings.refreshTtlSeconds);
  }

  private decode(token: string): TokenClaims {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== VERSION || !/^[A-Za-z0-9_-]{1,4096}$/.test(parts[1])) {
      throw new SealError('UNAUTHENTICATED', 'malformed token');
    }
    const expected = Buffer.from(this.mac(parts[1]));
    const given = Buffer.from(parts[2]);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new SealError('UNAUTHENTICATED', 'token signature does not verify');
    }
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as TokenClaims;
    // Only we mint tokens, but a shape check keeps a key-rotation mistake from becoming a crash.
    if (
      typeof claims.sub !== 'string' ||
      !Array.isArray(claims.roles) ||
      !claims.roles.every((r) => ROLES.includes(r)) ||
      typeof claims.exp !== 'number' ||
      typeof claims.jti !== 'string' ||
      typeof claims.fam !== 'string'
    ) {
      throw new SealError('UNAUTHENTICATED', 'malformed token claims');
    }
    return claims;
  }

  private mac(body: string): string {
    return createHmac('sm3', this.key).update(`${VERSION}.${body}`).digest('base64url');
  }
}

function newJti(): string {
  return randomBytes(16).toString('base64url');
}
