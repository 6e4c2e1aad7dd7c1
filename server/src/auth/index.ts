import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { accountModel } from './account.model';
import { AccountService } from './accounts';
import { apiKeyModel } from './api-key.model';
import { ApiKeyService } from './api-keys';
import { BrowserSessions } from './browser-session';
import { Authenticator } from './authenticator';
import { LoginLockout, type LockoutSettings } from './login-lockout';
import { personBindingModel } from './person-binding.model';
import { personModel } from '../store/person.model';
import { SecurityRedisKeys } from './redis-keys';
import { Sm2SecondFactor } from './second-factor';
import { deriveSecurityKeys } from './security-keys';
import { SessionTokens, type SessionSettings } from './session-token';
import { SignIn } from './sign-in';

export * from './account.model';
export * from './accounts';
export * from './api-key.model';
export * from './api-keys';
export * from './authenticator';
export * from './login-lockout';
export * from './password-hash';
export * from './redis-keys';
export * from './second-factor';
export * from './security-keys';
export * from './session-token';
export * from './sign-in';

export interface AuthDeps {
  connection: Connection;
  redis: Redis;
  /** The server KEK; token and API-key keys are derived from it. */
  kek: Uint8Array;
  /** Redis key prefix of this deployment (the queue prefix). */
  redisPrefix: string;
  sessions?: SessionSettings;
  lockout?: LockoutSettings;
  now?: () => number;
}

/** Everything identity-related, built once by the composition root. */
export interface Auth {
  readonly accounts: AccountService;
  readonly apiKeys: ApiKeyService;
  readonly tokens: SessionTokens;
  readonly signIn: SignIn;
  readonly authenticator: Authenticator;
  /** Cookie sessions of the browser pages, with their CSRF tokens. */
  readonly browserSessions: BrowserSessions;
  readonly redisKeys: SecurityRedisKeys;
}

export function createAuth(deps: AuthDeps): Auth {
  const now = deps.now ?? Date.now;
  const keys = deriveSecurityKeys(deps.kek);
  const redisKeys = new SecurityRedisKeys(deps.redisPrefix);
  const accounts = createAccountService(deps.connection);
  const apiKeys = new ApiKeyService(apiKeyModel(deps.connection), keys.apiKeyPepper, () => new Date(now()));
  const tokens = new SessionTokens(keys.tokenKey, deps.redis, redisKeys, deps.sessions, now);
  const signIn = new SignIn(
    accounts,
    new LoginLockout(deps.redis, redisKeys, deps.lockout),
    tokens,
    new Sm2SecondFactor(deps.redis, redisKeys, now),
  );
  const browserSessions = new BrowserSessions(keys.csrfKey);
  return {
    accounts,
    apiKeys,
    tokens,
    signIn,
    authenticator: new Authenticator(tokens, apiKeys, browserSessions),
    browserSessions,
    redisKeys,
  };
}

/** The account service over its collections (accounts, the person bindings, and the unit's people). */
export function createAccountService(connection: Connection): AccountService {
  return new AccountService(accountModel(connection), personModel(connection), personBindingModel(connection));
}

/** Builds the unique indexes (usernames) before the first request. */
export async function ensureAuthIndexes(connection: Connection): Promise<void> {
  for (const model of [accountModel(connection), apiKeyModel(connection)]) {
    await model.createCollection().catch(() => undefined);
    await model.createIndexes();
  }
}
export * from './request-session';
