import { SealError } from '@eseal/core';
import { LIVE_STATUSES, type SealLifecycle, type SealStatus } from '../../domain';
import type { SealDoc, Store } from '../../store';

/** The part of a stored seal the domain rules read. */
export function toLifecycle(seal: SealDoc): SealLifecycle {
  return {
    sealId: seal._id,
    kind: seal.kind,
    status: seal.status,
    ...(seal.custodianId === undefined ? {} : { custodianId: seal.custodianId }),
    ...(seal.keyId === undefined ? {} : { keyId: seal.keyId }),
    ...(seal.certificate === undefined
      ? {}
      : { certificate: { serial: seal.certificate.serial, notBefore: seal.certificate.notBefore, notAfter: seal.certificate.notAfter } }),
    ...(seal.imprintSm3 === undefined ? {} : { imprintSm3: seal.imprintSm3 }),
    ...(seal.sesealSm3 === undefined ? {} : { sesealSm3: seal.sesealSm3 }),
  };
}

/**
 * Value of the unique `legalNameSlot` for a seal in `status`: the unit id while it is a live
 * legal-name seal, its own id otherwise. A name-change replacement waits on a slot of its own until
 * it is made, because the seal it replaces is still live until then.
 */
export function legalNameSlotFor(seal: Pick<SealDoc, '_id' | 'unitId' | 'kind' | 'replacingSealId'>, status: SealStatus): string {
  if (seal.kind !== 'LEGAL_NAME' || !LIVE_STATUSES.includes(status)) return seal._id;
  if (seal.replacingSealId !== undefined && (status === 'SUBMITTED' || status === 'APPROVED')) return `${seal.unitId}#replacement`;
  return seal.unitId;
}

export async function loadSeal(store: Store, sealId: string): Promise<SealDoc> {
  const seal = await store.seals.byId(sealId);
  if (!seal) throw new SealError('NOT_FOUND', 'no such seal', { details: { sealId } });
  return seal;
}
