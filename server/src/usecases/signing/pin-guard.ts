import { SealError, isSealError, type Sm2PrivateKey } from '@eseal/core';
import type { PinState, SigningStore } from '../../store/signing';
import type { KeyVault } from '../seals/key-vault';
import type { SigningSeal } from './signing-seal';
import type { UnlockedKeyCache } from './unlocked-keys';

export type PinDeps = {
  signing: SigningStore;
  keyVault: KeyVault;
  clock: () => Date;
  settings: { pinFailureLimit: number };
  unlockedKeys?: UnlockedKeyCache;
};

/** What the guard needs of a seal: which key, and its wrapped blob. */
export type PinProtectedKey = Pick<SigningSeal, 'sealId' | 'keyId' | 'wrappedKey'>;

export type { PinState };

/** The seal's PIN state; callers may read it alongside the seal to save a round trip. */
export function readPinState(deps: Pick<PinDeps, 'signing'>, sealId: string): Promise<PinState> {
  return deps.signing.pinGuardRepository.state(sealId);
}

/**
 * Opens the seal's key with the custodian's PIN, for signing and for every other use of the PIN
 * (custody handover, PIN change): one guard, one counter, one lock.
 *
 * Every attempt that runs the key derivation first reserves the next attempt number of the seal's
 * current epoch by unique insert (`_id` = sealId:epoch:n): a check followed by a count would let a
 * hundred guesses sent at once all pass the check before any of them is counted. The reservation
 * stays as a failure unless the PIN turns out right. When all `limit` numbers are taken the attempt is
 * refused without a derivation and the seal locks: more guesses in flight than the limit allows is a
 * guessing attack, even if one of them might be right. A right PIN checks the lock again before the
 * key is used, so a guess that raced the lock does not sign. A right PIN starts a new epoch: earlier
 * failures stop counting. Only an administrator lifts a lock (reset-pin-lock.ts).
 */
export async function unlockSealKey(deps: PinDeps, seal: PinProtectedKey, pin: string, state?: PinState): Promise<Sm2PrivateKey> {
  const { guard, failures } = state ?? (await readPinState(deps, seal.sealId));
  if (guard?.lockedAt || failures >= deps.settings.pinFailureLimit) {
    deps.unlockedKeys?.forgetSeal(seal.sealId);
    throw locked(seal.sealId, failures);
  }
  const attempt = () => countedAttempt(deps, seal, pin, { epoch: guard?.epoch ?? 0, failures, hasGuard: guard !== null });
  // The cache answers a PIN that opened this blob recently, and lets concurrent calls with the same
  // PIN share one derivation (and one reserved attempt).
  return deps.unlockedKeys ? deps.unlockedKeys.open(seal.sealId, seal.wrappedKey, pin, attempt) : attempt();
}

async function countedAttempt(
  deps: PinDeps,
  seal: PinProtectedKey,
  pin: string,
  at: { epoch: number; failures: number; hasGuard: boolean },
): Promise<Sm2PrivateKey> {
  const limit = deps.settings.pinFailureLimit;
  const n = await deps.signing.pinGuardRepository.reserveAttempt(seal.sealId, at.epoch, at.failures + 1, limit, deps.clock());
  if (n === undefined) {
    await lock(deps, seal.sealId);
    throw locked(seal.sealId, limit);
  }
  let key: Sm2PrivateKey;
  try {
    key = await deps.keyVault.unwrap(seal.wrappedKey, pin, seal.keyId);
  } catch (error) {
    if (!isSealError(error) || error.code !== 'WRONG_PIN') throw error;
    // The reservation stays: it is the failure. The guard makes later reads count it.
    if (!at.hasGuard) await deps.signing.pinGuardRepository.ensureGuard(seal.sealId);
    if (n >= limit) {
      await lock(deps, seal.sealId);
      throw locked(seal.sealId, n);
    }
    throw new SealError('WRONG_PIN', 'wrong PIN', { details: { sealId: seal.sealId, remainingAttempts: limit - n } });
  }
  // Re-checked after the derivation: guesses that reserved later may have locked the seal meanwhile.
  if (await deps.signing.pinGuardRepository.isLocked(seal.sealId)) throw locked(seal.sealId, limit);
  await deps.signing.pinGuardRepository.forgiveAttempt(seal.sealId, at.epoch, n);
  // A new epoch only when there is something to forget; two concurrent resets write the same value.
  if (n > 1) await deps.signing.pinGuardRepository.startEpoch(seal.sealId, at.epoch + 1);
  return key;
}

async function lock(deps: PinDeps, sealId: string): Promise<void> {
  deps.unlockedKeys?.forgetSeal(sealId);
  await deps.signing.pinGuardRepository.lock(sealId, deps.clock());
}

function locked(sealId: string, failures: number): SealError {
  return new SealError('SEAL_LOCKED', 'the seal is locked after too many wrong PINs', { details: { sealId, failures } });
}
