import { SealError, isSealError, type Sm2PrivateKey } from '@eseal/core';
import { isDuplicateKeyError } from '../../store';
import { findByIdRaw, type PinGuardDoc, type SigningStore } from '../../store/signing';
import type { KeyVault } from '../seals/key-vault';
import type { SigningSeal } from './signing-seal';
import type { UnlockedKeyCache } from './unlocked-keys';

type PinDeps = { signing: SigningStore; keyVault: KeyVault; clock: () => Date; settings: { pinFailureLimit: number }; unlockedKeys?: UnlockedKeyCache };

/**
 * Opens the seal's key with the custodian's PIN. Each wrong PIN takes the next failure number of the
 * seal's current epoch by unique insert, so parallel guesses cannot slip past the limit; the guess
 * that reaches the limit locks the seal (SEAL_LOCKED), and then even the right PIN is refused until
 * an administrator unlocks it. A right PIN starts a new epoch: earlier failures stop counting.
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

export async function unlockSealKey(deps: PinDeps, seal: SigningSeal, pin: string, state?: PinState): Promise<Sm2PrivateKey> {
  const limit = deps.settings.pinFailureLimit;
  const { guard, failures } = state ?? (await readPinState(deps, seal.sealId));
  const epoch = guard?.epoch ?? 0;
  if (guard?.lockedAt || failures >= limit) {
    deps.unlockedKeys?.forgetSeal(seal.sealId);
    throw locked(seal, failures);
  }
  const cached = deps.unlockedKeys?.get(seal.sealId, seal.wrappedKey, pin);
  if (cached !== undefined) return cached;
  let key: Sm2PrivateKey;
  try {
    key = await deps.keyVault.unwrap(seal.wrappedKey, pin, seal.keyId);
  } catch (error) {
    if (!isSealError(error) || error.code !== 'WRONG_PIN') throw error;
    if (!guard) await ensureGuard(deps, seal.sealId);
    const n = await recordFailure(deps, seal.sealId, epoch, failures + 1);
    if (n >= limit) {
      await deps.signing.pinGuards.updateOne({ _id: seal.sealId }, { $set: { lockedAt: deps.clock() } }, { upsert: true });
      throw locked(seal, n);
    }
    throw new SealError('WRONG_PIN', 'wrong PIN', { details: { sealId: seal.sealId, remainingAttempts: limit - n } });
  }
  deps.unlockedKeys?.put(seal.sealId, seal.wrappedKey, pin, key);
  // A new epoch only when there is something to forget; two concurrent resets write the same value.
  if (failures > 0) await deps.signing.pinGuards.updateOne({ _id: seal.sealId }, { $set: { epoch: epoch + 1 } }, { upsert: true });
  return key;
}

/** Inserts the next free failure number from `from` on and returns it: the unique _id orders concurrent guesses. */
async function recordFailure(deps: PinDeps, sealId: string, epoch: number, from: number): Promise<number> {
  for (let n = from; n < from + 1000; n++) {
    try {
      await deps.signing.pinFailures.create({ _id: `${sealId}:${epoch}:${n}`, sealId, epoch, n, at: deps.clock() });
      return n;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
  throw new SealError('INTERNAL', 'could not record a PIN failure');
}

/** Concurrent first failures may race to create the guard: losing that race is fine. */
async function ensureGuard(deps: PinDeps, sealId: string): Promise<void> {
  try {
    await deps.signing.pinGuards.updateOne({ _id: sealId }, { $setOnInsert: { epoch: 0 } }, { upsert: true });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}

function locked(seal: SigningSeal, failures: number): SealError {
  return new SealError('SEAL_LOCKED', 'the seal is locked after too many wrong PINs', { details: { sealId: seal.sealId, failures } });
}
