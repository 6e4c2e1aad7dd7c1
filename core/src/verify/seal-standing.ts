import type { LedgerSealStatus } from '../seal';
import type { LedgerSealView } from './ledger-port';

/**
 * The seal's standing at the signing time, judged from the ledger's timeline rather than its current
 * status: a signature made before a revocation stays valid, one made after it is caught. The same
 * rule the chaincode applies when it anchors a batch. A key-leak revocation counts from the reported
 * compromise time: the timeline is read as if the revocation had been recorded then.
 */
export function sealStatusAt(view: LedgerSealView | undefined, at: Date): LedgerSealStatus {
  if (view === undefined) return { state: 'not-found' };
  const seal = revokedFromCompromise(view);
  const atMs = at.getTime();
  const entry = [...seal.timeline].reverse().find((e) => e.at.getTime() <= atMs);
  const evidence = {
    sealCode: seal.sealCode,
    txId: entry?.txId,
    entryAt: entry?.at.toISOString(),
    ...(entry?.compromisedAt ? { compromisedAt: entry.compromisedAt.toISOString() } : {}),
  };
  if (entry === undefined) return { state: 'suspended', evidence: { ...evidence, why: 'signed before the seal was issued on the ledger' } };
  if (entry.status === 'REVOKED') return { state: 'revoked', revokedAt: entry.at, evidence };
  if (atMs < entry.validFrom.getTime() || atMs > entry.validTo.getTime()) {
    return {
      state: 'suspended',
      evidence: {
        ...evidence,
        why: 'signed outside the validity window in force',
        validFrom: entry.validFrom.toISOString(),
        validTo: entry.validTo.toISOString(),
      },
    };
  }
  // A later revocation is reported with its date so the report shows the seal was revoked afterwards.
  const laterRevocation = seal.timeline.find((e) => e.status === 'REVOKED' && e.at.getTime() > atMs);
  return laterRevocation ? { state: 'revoked', revokedAt: laterRevocation.at, evidence } : { state: 'active', evidence };
}

/**
 * Each revocation that reports an earlier compromise moves to that time, and the entries it
 * overtakes keep their material but no longer count as active: from the compromise on, nothing
 * signed with the key is the holder's.
 */
function revokedFromCompromise(view: LedgerSealView): LedgerSealView {
  const revocation = view.timeline.find(
    (e) => e.status === 'REVOKED' && e.compromisedAt !== undefined && e.compromisedAt.getTime() < e.at.getTime(),
  );
  if (revocation === undefined) return view;
  const from = revocation.compromisedAt!.getTime();
  const before = view.timeline.filter((e) => e.at.getTime() < from);
  return { ...view, timeline: [...before, { ...revocation, at: revocation.compromisedAt! }] };
}
