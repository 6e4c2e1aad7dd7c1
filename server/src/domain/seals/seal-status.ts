import { SealError } from '@eseal/core';

/**
 * Where a seal is in its life. An application becomes a seal record at SUBMITTED so that the
 * whole history (including a rejection) sits under one id.
 */
export const SEAL_STATUSES = ['SUBMITTED', 'APPROVED', 'REJECTED', 'MADE', 'FILED', 'ACTIVE', 'REVOKED', 'EXPIRED'] as const;
export type SealStatus = (typeof SEAL_STATUSES)[number];

/**
 * Every allowed move. ACTIVE → ACTIVE is a renewal or a change of custodian: the seal keeps its id.
 * MADE and FILED may be revoked too: a key can leak or a medium be lost before activation, and a
 * made key with a certificate must then be revoked, not left dangling.
 * REJECTED, REVOKED and EXPIRED are final: an expired seal is re-applied for, not revived (第十三条).
 */
export const ALLOWED_TRANSITIONS: Readonly<Record<SealStatus, readonly SealStatus[]>> = {
  SUBMITTED: ['APPROVED', 'REJECTED'],
  APPROVED: ['MADE'],
  REJECTED: [],
  MADE: ['FILED', 'REVOKED'],
  FILED: ['ACTIVE', 'REVOKED'],
  ACTIVE: ['ACTIVE', 'REVOKED', 'EXPIRED'],
  REVOKED: [],
  EXPIRED: [],
};

/** Statuses that count as "this unit has that seal" for the one-legal-name-seal rule. */
export const LIVE_STATUSES: readonly SealStatus[] = ['SUBMITTED', 'APPROVED', 'MADE', 'FILED', 'ACTIVE'];

export function isFinalStatus(status: SealStatus): boolean {
  return ALLOWED_TRANSITIONS[status].length === 0;
}

export function canTransition(from: SealStatus, to: SealStatus): boolean {
  return ALLOWED_TRANSITIONS[from].includes(to);
}

export function assertTransition(from: SealStatus, to: SealStatus, sealId?: string): void {
  if (!canTransition(from, to)) {
    throw new SealError('INVALID_TRANSITION', `a seal cannot go from ${from} to ${to}`, {
      details: { from, to, allowed: ALLOWED_TRANSITIONS[from], ...(sealId === undefined ? {} : { sealId }) },
    });
  }
}
