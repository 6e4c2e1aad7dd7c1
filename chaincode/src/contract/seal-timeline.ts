import type { SealRecord, SealTimelineEntry } from './model';

/** Why a seal was not usable at some instant, named as in the service's error list. */
export type SealUnusableCode = 'SEAL_NOT_ACTIVE' | 'SEAL_REVOKED' | 'SEAL_EXPIRED';

/**
 * The seal's standing at an instant, judged from the stored timeline rather than the current status,
 * so a signature made before a revocation stays provable and one made after it is caught.
 */
export function standingAt(seal: SealRecord, atMs: number): SealUnusableCode | 'ACTIVE' {
  const entry = entryInForceAt(seal.timeline, atMs);
  if (entry === undefined) return 'SEAL_NOT_ACTIVE';
  if (entry.status === 'REVOKED') return 'SEAL_REVOKED';
  if (atMs < Date.parse(entry.validFrom)) return 'SEAL_NOT_ACTIVE';
  if (atMs > Date.parse(entry.validTo)) return 'SEAL_EXPIRED';
  return 'ACTIVE';
}

/** The last entry recorded at or before the instant; the timeline is stored in transaction order. */
function entryInForceAt(timeline: readonly SealTimelineEntry[], atMs: number): SealTimelineEntry | undefined {
  for (let i = timeline.length - 1; i >= 0; i--) {
    const entry = timeline[i]!;
    if (Date.parse(entry.at) <= atMs) return entry;
  }
  return undefined;
}

/** The standing now, for rules that only allow changes to a live seal. */
export function currentStanding(seal: SealRecord, txMs: number): SealUnusableCode | 'ACTIVE' {
  if (seal.status === 'REVOKED') return 'SEAL_REVOKED';
  if (txMs > Date.parse(seal.validTo)) return 'SEAL_EXPIRED';
  return 'ACTIVE';
}
