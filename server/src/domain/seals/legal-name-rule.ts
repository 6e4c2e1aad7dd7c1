import { SealError } from '@eseal/core';
import type { SealKind } from './seal-kinds';
import { LIVE_STATUSES, type SealStatus } from './seal-status';

export interface ExistingSeal {
  readonly sealId: string;
  readonly kind: SealKind;
  readonly status: SealStatus;
}

/**
 * One legal-name seal per unit: a second one, active or on its way (submitted, approved, made,
 * filed), would let two keys speak for the unit's name. Business seals may be many.
 * `replacingSealId` is the seal a name change re-issues: it stays active until the new one
 * activates, then the use case revokes it (see name-change.ts), so it does not count here.
 */
export function assertLegalNameSealAvailable(
  kind: SealKind,
  unitSeals: readonly ExistingSeal[],
  options: { replacingSealId?: string } = {},
): void {
  if (kind !== 'LEGAL_NAME') return;
  const clash = unitSeals.find((s) => s.kind === 'LEGAL_NAME' && LIVE_STATUSES.includes(s.status) && s.sealId !== options.replacingSealId);
  if (clash !== undefined) {
    throw new SealError('DUPLICATE_LEGAL_NAME_SEAL', 'the unit already has a legal-name seal that is active or in progress', {
      details: { existingSealId: clash.sealId, existingStatus: clash.status },
    });
  }
}
