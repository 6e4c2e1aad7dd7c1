import { SealError } from '@eseal/core';
import { assertAllowed, type Caller } from '../../access';
import type { SigningSeal } from './signing-seal';

/**
 * Who may put this seal on a document: someone allowed to sign for the seal's unit, and then an
 * official seal's current custodian (or a scoped API client of the unit), or a position seal's own
 * holder and nobody else (第十六条: position seals are used by the holder within their authorisation).
 */
export function authoriseSigning(caller: Caller, seal: SigningSeal): void {
  assertAllowed(caller, 'document.sign', { unitId: seal.unitId });
  if (caller.kind === 'system') return;
  const isActingPerson = caller.kind === 'person' && caller.personId !== undefined && seal.actingPersonIds.includes(caller.personId);
  if (!seal.needsApproval && !isActingPerson) {
    throw new SealError('NOT_AUTHORISED_FOR_SEAL', 'a position seal can only be used by its holder', { details: { sealId: seal.sealId } });
  }
  if (seal.needsApproval && caller.kind === 'person' && !isActingPerson) {
    throw new SealError('NOT_AUTHORISED_FOR_SEAL', 'only a custodian of this seal may sign with it', { details: { sealId: seal.sealId } });
  }
}
