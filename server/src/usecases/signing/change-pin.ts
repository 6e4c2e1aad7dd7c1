import { SealError } from '@eseal/core';
import { assertAllowed, type Caller } from '../../access';
import { newId } from '../../store';
import { assertPinShape } from '../seals/key-vault';
import { replacingKey } from './key-replacement';
import { unlockSealKey } from './pin-guard';
import type { SigningDeps } from './signing-deps';
import { loadSigningSeal } from './signing-seal';

export interface ChangePinInput {
  currentPin: string;
  newPin: string;
}

/**
 * The custodian (or a position seal's holder) replaces the seal's PIN, the only way to end a one-time
 * PIN set by the maker or an administrator. Nobody else may: an administrator can hand a seal over
 * and lift a lock, but never choose, or learn, the PIN it is signed with. The current PIN goes through
 * the signing PIN guard; the key is re-wrapped as a new key document and the seal switches to it.
 */
export async function changeSealPin(
  deps: SigningDeps,
  caller: Caller,
  sealId: string,
  input: ChangePinInput,
): Promise<{ sealId: string; changed: true }> {
  const seal = await loadSigningSeal(deps.store, sealId, deps.clock(), deps.sealMaterial);
  assertAllowed(caller, 'seal.pin.change', { unitId: seal.unitId, actingPersonIds: seal.actingPersonIds });
  assertPinShape(input.newPin, 'newPin');
  if (input.newPin === input.currentPin) {
    throw new SealError('VALIDATION_FAILED', 'the new PIN must differ from the current one', { details: { field: 'newPin' } });
  }
  // Straight through the guard, not the unlocked-key cache: a PIN change proves the PIN afresh.
  const key = await unlockSealKey({ ...deps, unlockedKeys: undefined }, seal, input.currentPin);
  const now = deps.clock();
  await replacingKey(deps.signing, seal.keyId, caller.id, now, async () => {
    const keyId = newId('key');
    const wrapped = await deps.keyVault.wrap(key, input.newPin, keyId);
    const publicKeyHex = Buffer.from(key.publicKey.point).toString('hex');
    await deps.store.sealKeys.store({ _id: keyId, sealId, wrapped: Buffer.from(wrapped), publicKeyHex });
    await deps.store.seals.replaceKey(sealId, seal.keyId, keyId);
  });
  // The outgoing blob opens with a PIN that is no longer the custodian's: it must not outlive the change.
  await deps.store.sealKeys.remove(seal.keyId);
  deps.unlockedKeys?.forgetSeal(sealId);
  return { sealId, changed: true };
}
