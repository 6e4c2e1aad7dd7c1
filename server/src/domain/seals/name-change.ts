import { SealError } from '@eseal/core';
import { NAME_CHANGE_REVOCATION_REASON, type RevocationReason } from './revocation-reasons';
import type { SealKind } from './seal-kinds';
import type { SealStatus } from './seal-status';

export interface NameChangePlan {
  /** The new seal is applied for like any other, with the same kind, and replaces the old one. */
  readonly reissue: { readonly kind: SealKind; readonly replacingSealId: string; readonly newName: string };
  /** Revoke the old seal once the new one is ACTIVE, so the unit is never without a seal. */
  readonly revokeOld: { readonly sealId: string; readonly reason: RevocationReason };
}

/**
 * A name on a seal cannot be edited: the imprint, the certificate subject and the GB/T 38540 seal
 * data all carry it, and signatures already made must keep pointing at the old seal. A change of
 * name (unit or person) therefore re-issues the seal and revokes the old one; the old physical seal
 * is handed in (缴销), hence PHYSICAL_SEAL_RETIRED.
 */
export function planNameChange(
  old: { readonly sealId: string; readonly kind: SealKind; readonly status: SealStatus; readonly name: string },
  newName: string,
): NameChangePlan {
  if (old.status !== 'ACTIVE') {
    throw new SealError('INVALID_TRANSITION', 'only an ACTIVE seal can be re-issued for a name change', {
      details: { sealId: old.sealId, from: old.status, to: 'REVOKED' },
    });
  }
  const trimmed = newName.trim();
  if (trimmed === '' || trimmed === old.name.trim()) {
    throw new SealError('VALIDATION_FAILED', 'a name change needs a new, different name', { details: { field: 'newName' } });
  }
  return {
    reissue: { kind: old.kind, replacingSealId: old.sealId, newName: trimmed },
    revokeOld: { sealId: old.sealId, reason: NAME_CHANGE_REVOCATION_REASON },
  };
}
