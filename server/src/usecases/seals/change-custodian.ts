import { SealError } from '@eseal/core';
import { assertAllowed, type Caller } from '../../access';
import { SEAL_KINDS } from '../../domain';
import { bytesOf, newId, type IdentityInput } from '../../store';
import { ensurePerson } from '../units/people';
import { afterCommit } from './after-commit';
import { commitTransition } from './commit-transition';
import type { LifecycleDeps } from './lifecycle-deps';
import { replacingKey } from '../signing/key-replacement';
import { unlockSealKey } from '../signing/pin-guard';
import { assertPinShape } from './key-vault';
import { buildSeSeal } from './seal-material';
import { loadSeal } from './seal-record';
import { sealView, type SealView } from './seal-view';
import { esIdOf } from './seal-identity';
import { Certificate } from '@eseal/core';

export interface ChangeCustodianInput {
  custodian: IdentityInput;
  /** The outgoing custodian's PIN: custody is handed over, the server alone cannot open the key. */
  currentPin: string;
  newPin: string;
}

/**
 * A new custodian keeps the seal (same key, certificate, imprint). The key is re-wrapped under the
 * new custodian's PIN, and a fresh SESeal is made so the change is a distinct, hash-identified state
 * on the ledger. The re-wrapped key is stored as a new
 * key document before the commit, and the commit switches the seal to it together with the custodian:
 * a crash can leave an unused key document, never a new custodian whose seal still opens with the
 * outgoing PIN. The outgoing key document is deleted after the commit.
 */
export async function changeCustodian(deps: LifecycleDeps, caller: Caller, sealId: string, input: ChangeCustodianInput): Promise<SealView> {
  const seal = await loadSeal(deps.store, sealId);
  assertAllowed(caller, 'seal.change', { unitId: seal.unitId });
  if (seal.status !== 'ACTIVE') {
    throw new SealError('INVALID_TRANSITION', `a ${seal.status} seal cannot change custodian`, {
      details: { sealId, from: seal.status, to: 'ACTIVE' },
    });
  }
  if (SEAL_KINDS[seal.kind].category === 'POSITION') {
    throw new SealError('INVALID_TRANSITION', 'a position seal stays with the person named on it; issue a new seal instead', {
      details: { sealId, from: seal.status, to: 'ACTIVE' },
    });
  }
  const key = seal.keyId ? await deps.store.sealKeys.byId(seal.keyId) : null;
  if (!key) throw new SealError('INTERNAL', 'seal material is missing', { details: { sealId } });
  assertPinShape(input.newPin, 'newPin');
  // The outgoing PIN goes through the same guard as signing (counted, refused once the seal is locked),
  // and first: nothing is written for a request whose PIN is wrong.
  const opened = await unlockSealKey(deps.pins, { sealId, keyId: key._id, wrappedKey: bytesOf(key.wrapped) }, input.currentPin);
  return replacingKey(deps.pins.signing, key._id, caller.id, deps.clock(), async () => {
    const person = await ensurePerson(deps.store, deps.identities, seal.unitId, input.custodian);
    const certificateDoc = seal.certificate ? await deps.store.certificates.bySerial(seal.certificate.serial) : null;
    const sealData = await deps.store.sealArtifacts.dataOf(seal);
    if (!certificateDoc || !sealData) throw new SealError('INTERNAL', 'seal material is missing', { details: { sealId } });
    const newKeyId = newId('key');
    const rewrapped = await deps.keyVault.wrap(opened, input.newPin, newKeyId);

    const now = deps.clock();
    const certificate = Certificate.fromDer(bytesOf(certificateDoc.der));
    const imprint = { png: sealData.imprintPng, widthMm: seal.imprintWidthMm ?? 40, heightMm: seal.imprintHeightMm ?? 40 };
    const seseal = await buildSeSeal(deps, seal, certificate, imprint, now);
    await deps.store.sealArtifacts.save({ sealId, seseal: seseal.der, imprintPng: imprint.png, createdAt: now });
    // The administrator chose the incoming PIN: the new custodian must replace it before signing.
    await deps.store.sealKeys.store({
      _id: newKeyId,
      sealId,
      wrapped: Buffer.from(rewrapped),
      publicKeyHex: key.publicKeyHex,
      initialPin: true,
    });
    const previous = seal.custodianId;
    const committed = await commitTransition(deps, seal, { type: 'CHANGE_CUSTODIAN', custodianId: person._id }, caller, {
      now,
      set: { sesealSm3: seseal.sm3, keyId: newKeyId },
      ledger: { type: 'CHANGE', input: { sealId: esIdOf(seal), reason: 'CUSTODIAN_CHANGED', sesealSm3: seseal.sm3 } },
      filing: 'CHANGED',
    });
    // The outgoing custodian's blob opens with a PIN they know: it must not outlive the handover.
    await deps.store.sealKeys.remove(key._id);
    if (previous) await deps.store.custodians.close(sealId, previous, now);
    await deps.store.custodians.open({ _id: newId('custody'), sealId, unitId: seal.unitId, personId: person._id, from: now });
    return sealView(deps.store, await afterCommit(deps, committed, now));
  });
}
