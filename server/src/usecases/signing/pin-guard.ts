import { SealError, isSealError, type Sm2PrivateKey } from '@eseal/core';
import { isDuplicateKeyError } from '../../store';
import { findByIdRaw } from '../../store';
import type { PinGuardDoc, SigningStore } from '../../store/signing';
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
export interface PinState {
  guard: PinGuardDoc | null;
  failures: number;
}

/** The seal's PIN state; callers may read it alongside the seal to save a round trip. */
export async function readPinState(deps: Pick<PinDeps, 'signing'>, sealId: string): Promise<PinState> {
  // Through the driver: the same lean document, without mongoose's query layer on every signing.
  const guard = await findByIdRaw<PinGuardDoc>(deps.signing.pinGuards, sealId);
  // A seal that never had a wrong PIN has no guard document: one read on the common path.
  const failures = guard ? await deps.signing.pinFailures.countDocuments({ sealId, epoch: guard.epoch }) : 0;
  return { guard, failures };
}

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
  const n = await reserveAttempt(deps, seal.sealId, at.epoch, at.failures + 1, limit);
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
    if (!at.hasGuard) await ensureGuard(deps, seal.sealId);
    if (n >= limit) {
      await lock(deps, seal.sealId);
      throw locked(seal.sealId, n);
    }
    throw new SealError('WRONG_PIN', 'wrong PIN', { details: { sealId: seal.sealId, remainingAttempts: limit - n } });
  }
  // Re-checked after the derivation: guesses that reserved later may have locked the seal meanwhile.
  const now = await findByIdRaw<PinGuardDoc>(deps.signing.pinGuards, seal.sealId);
  if (now?.lockedAt) throw locked(seal.sealId, limit);
  await deps.signing.pinFailures.deleteOne({ _id: attemptId(seal.sealId, at.epoch, n) });
  // A new epoch only when there is something to forget; two concurrent resets write the same value.
  if (n > 1) await deps.signing.pinGuards.updateOne({ _id: seal.sealId }, { $set: { epoch: at.epoch + 1 } }, { upsert: true });
  return key;
}

const attemptId = (sealId: string, epoch: number, n: number) => `${sealId}:${epoch}:${n}`;

/** Inserts the first free attempt number in [from, limit]; undefined when every one is taken. */
async function reserveAttempt(deps: PinDeps, sealId: string, epoch: number, from: number, limit: number): Promise<number | undefined> {
  for (let n = from; n <= limit; n++) {
    try {
      await deps.signing.pinFailures.create({ _id: attemptId(sealId, epoch, n), sealId, epoch, n, at: deps.clock() });
      return n;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
  return undefined;
}

async function lock(deps: PinDeps, sealId: string): Promise<void> {
  deps.unlockedKeys?.forgetSeal(sealId);
  const set = { $set: { lockedAt: deps.clock() } };
  try {
    await deps.signing.pinGuards.updateOne({ _id: sealId }, set, { upsert: true });
  } catch (error) {
    // Another guess created the guard at the same moment: it exists now, lock it.
    if (!isDuplicateKeyError(error)) throw error;
    await deps.signing.pinGuards.updateOne({ _id: sealId }, set);
  }
}

/** Concurrent first failures may race to create the guard: losing that race is fine. */
async function ensureGuard(deps: PinDeps, sealId: string): Promise<void> {
  try {
    await deps.signing.pinGuards.updateOne({ _id: sealId }, { $setOnInsert: { epoch: 0 } }, { upsert: true });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}

function locked(sealId: string, failures: number): SealError {
  return new SealError('SEAL_LOCKED', 'the seal is locked after too many wrong PINs', { details: { sealId, failures } });
}
