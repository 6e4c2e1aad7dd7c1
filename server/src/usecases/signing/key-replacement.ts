import { SealError } from '@eseal/core';
import type { SigningStore } from '../../store/signing';

/**
 * A seal's key document is replaced (re-wrapped under another PIN) at most once: a PIN change and a
 * custody handover, or two PIN changes, racing from the same key would each store a new blob and the
 * last write of the seal's keyId would silently drop the other's PIN. The unique claim on the outgoing
 * key decides; it is taken after the outgoing PIN was checked, so a wrong PIN never takes it.
 */
export async function replacingKey<T>(
  signing: Pick<SigningStore, 'pinGuardRepository'>,
  keyId: string,
  holder: string,
  at: Date,
  replace: () => Promise<T>,
): Promise<T> {
  const guards = signing.pinGuardRepository;
  if (!(await guards.claimKeyReplacement(keyId, holder, at))) {
    throw new SealError('INVALID_TRANSITION', "the seal's PIN is being changed by another request", { details: { keyId } });
  }
  try {
    return await replace();
  } catch (error) {
    // Nothing was replaced: the key stays replaceable.
    await guards.releaseKeyReplacement(keyId, holder);
    throw error;
  }
}
