import { SealError } from '@eseal/core';
import { assertAllowed, type Caller } from '../../access';
import type { SigningDeps } from './signing-deps';

/**
 * Lifts a PIN lock (SEAL_LOCKED) once the unit has established who was guessing: a unit
 * administrator or the seal maker, never the custodian whose PIN failed. Starts a new counting epoch.
 */
export async function resetPinLock(
  deps: Pick<SigningDeps, 'store' | 'signing' | 'unlockedKeys'>,
  caller: Caller,
  sealId: string,
): Promise<{ sealId: string; epoch: number }> {
  const seal = await deps.store.seals.fieldsOf(sealId, ['unitId']);
  if (!seal) throw new SealError('NOT_FOUND', 'no such seal', { details: { sealId } });
  assertAllowed(caller, 'seal.change', { unitId: seal.unitId });
  const epoch = await deps.signing.pinGuardRepository.unlock(sealId);
  deps.unlockedKeys?.forgetSeal(sealId);
  return { sealId, epoch };
}
