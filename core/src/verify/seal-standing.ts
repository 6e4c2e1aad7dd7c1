import type { LedgerSealStatus } from '../seal';
import type { LedgerSealView } from './ledger-port';

/**
 * The seal's standing at the signing time, judged from the ledger's timeline rather than its current
 * status: a signature made before a revocation stays valid, one made after it is caught. The same
 * rule the chaincode applies when it anchors a batch.
 */
export function sealStatusAt(seal: LedgerSealView | undefined, at: Date): LedgerSealStatus {
  if (seal === undefined) return { state: 'not-found' };
  const atMs = at.getTime();
  const entry = [...seal.timeline].reverse().find((e) => e.at.getTime() <= atMs);
  const evidence = { sealCode: seal.sealCode, txId: entry?.txId, entryAt: entry?.at.toISOString() };
  if (entry === undefined) return { state: 'suspended', evidence: { ...evidence, why: 'signed before the seal was issued on the ledger' } };
  if (entry.status === 'REVOKED') return { state: 'revoked', revokedAt: entry.at, evidence };
  if (atMs < entry.validFrom.getTime() || atMs > entry.validTo.getTime()) {
    return { state: 'suspended', evidence: { ...evidence, why: 'signed outside the validity window in force', validFrom: entry.validFrom.toISOString(), validTo: entry.validTo.toISOString() } };
  }
  // A later revocation is reported with its date so the report shows the seal was revoked afterwards.
  const laterRevocation = seal.timeline.find((e) => e.status === 'REVOKED' && e.at.getTime() > atMs);
  return laterRevocation ? { state: 'revoked', revokedAt: laterRevocation.at, evidence } : { state: 'active', evidence };
}
