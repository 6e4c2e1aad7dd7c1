import { randomBytes } from 'node:crypto';
import { SealError, Sm2PublicKey, sm2Verify } from '@eseal/core';
import type { Redis } from 'ioredis';
import type { SecurityRedisKeys } from './redis-keys';

export interface SecondFactorChallenge {
  challengeId: string;
  /** Base64 of the random nonce. */
  nonce: string;
  /** What the holder signs (SM2 with the default user ID, SM3): the UTF-8 bytes of this string. */
  message: string;
  expiresAt: string;
}

const CHALLENGE_TTL_SECONDS = 120;

/** The message an SM2 second factor signs: binds the nonce to its challenge and to this purpose. */
export function challengeMessage(challengeId: string, nonce: string): string {
  return `eseal-sign-in:${challengeId}:${nonce}`;
}

/**
 * Optional second factor: the account's registered SM2 public key signs a fresh server nonce. The
 * challenge is stored in Redis for two minutes and taken with GETDEL, so each nonce is answerable once
 * (a captured answer cannot be replayed) and only for the account whose password was just checked.
 */
export class Sm2SecondFactor {
  constructor(
    private readonly redis: Redis,
    private readonly keys: SecurityRedisKeys,
    private readonly now: () => number = Date.now,
  ) {}

  async challenge(accountId: string): Promise<SecondFactorChallenge> {
    const challengeId = randomBytes(16).toString('base64url');
    const nonce = randomBytes(32).toString('base64');
    await this.redis.set(this.keys.challenge(challengeId), JSON.stringify({ accountId, nonce }), 'EX', CHALLENGE_TTL_SECONDS);
    return {
      challengeId,
      nonce,
      message: challengeMessage(challengeId, nonce),
      expiresAt: new Date(this.now() + CHALLENGE_TTL_SECONDS * 1000).toISOString(),
    };
  }

  /** Resolves the account id the answered challenge belongs to; INVALID_CREDENTIALS otherwise. */
  async answer(
    challengeId: string,
    signature: Uint8Array,
    publicKeyOf: (accountId: string) => Promise<string | undefined>,
  ): Promise<string> {
    const stored = await this.redis.getdel(this.keys.challenge(challengeId));
    if (stored === null) throw new SealError('INVALID_CREDENTIALS', 'unknown, used or expired sign-in challenge');
    const { accountId, nonce } = JSON.parse(stored) as { accountId: string; nonce: string };
    const publicKeyHex = await publicKeyOf(accountId);
    if (publicKeyHex === undefined || !verifies(publicKeyHex, challengeMessage(challengeId, nonce), signature)) {
      throw new SealError('INVALID_CREDENTIALS', 'the second-factor signature does not verify', { details: { accountId } });
    }
    return accountId;
  }
}

function verifies(publicKeyHex: string, message: string, signature: Uint8Array): boolean {
  try {
    return sm2Verify(Sm2PublicKey.fromPoint(Buffer.from(publicKeyHex, 'hex')), Buffer.from(message, 'utf8'), signature);
  } catch {
    // A malformed DER signature is a failed factor, not a server error.
    return false;
  }
}

/** Validates a public key before it is registered: must be a point on the SM2 curve. */
export function parseSm2PublicKeyHex(hex: string): string {
  try {
    return Buffer.from(Sm2PublicKey.fromPoint(Buffer.from(hex, 'hex')).point).toString('hex');
  } catch (error) {
    throw new SealError('KEY_INVALID', 'not an SM2 public key (uncompressed point, hex)', { cause: error });
  }
}
