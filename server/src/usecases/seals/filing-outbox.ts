import { SealError } from '@eseal/core';
import type { FilingRecord } from '../../adapters/public-security';
import { SEAL_KINDS } from '../../domain';
import type { SealDoc, SealFilingRef, UnitDoc } from '../../store';
import { FilingStore } from './filing-store';
import type { LifecycleDeps } from './lifecycle-deps';

/** The record public security receives for one filing: codes, certificate facts, hashes; no personal data. */
export function buildFilingRecord(seal: SealDoc, unit: UnitDoc, filing: SealFilingRef, occurredAt: Date, makerId: string): FilingRecord {
  if (seal.certificate === undefined || seal.imprintSm3 === undefined) {
    throw new SealError('INTERNAL', 'only a made seal can be filed', { details: { sealId: seal._id } });
  }
  const position = SEAL_KINDS[seal.kind].category === 'POSITION';
  return {
    filingId: filing.filingId,
    action: filing.action,
    sealId: seal._id,
    sealCode: seal.sealCode,
    unit: { uscc: unit.uscc, name: unit.name },
    kind: seal.kind,
    // A position seal is filed under its holder's name (第九条); an official seal under its kind.
    sealName: position ? seal.displayName : seal.sealName,
    certificate: { serial: seal.certificate.serial, notBefore: seal.certificate.notBefore, notAfter: seal.certificate.notAfter },
    imprintSm3: seal.imprintSm3,
    ...(filing.action === 'REVOKED' && seal.revocation ? { revocationReason: seal.revocation.reason } : {}),
    occurredAt: occurredAt.toISOString(),
    makerId,
  };
}

/**
 * Writes the filing document (an insert keyed by the filing id, so a repeat stores nothing new) and
 * enqueues its job. The seal already carries the filing reference from its own update, so a crash
 * between the two is repaired by `redispatchPendingFilings`.
 */
export async function dispatchFiling(deps: LifecycleDeps, seal: SealDoc, filing: SealFilingRef, occurredAt: Date): Promise<void> {
  const unit = await deps.store.units.byId(seal.unitId);
  if (!unit) throw new SealError('INTERNAL', 'the seal names a unit that does not exist', { details: { sealId: seal._id } });
  const sequence = seal.filings.findIndex((f) => f.filingId === filing.filingId);
  const record = buildFilingRecord(seal, unit, filing, occurredAt, deps.maker.makerId);
  // A repeat (an earlier attempt, or the ledger event consumer repairing the same filing) stores nothing new.
  await deps.store.filings.open({
    _id: filing.filingId,
    sealId: seal._id,
    unitId: seal.unitId,
    action: filing.action,
    sequence,
    record,
    state: 'PENDING',
    attempts: 0,
  });
  await deps.filingQueue.enqueue(filing.filingId).catch((error: unknown) => {
    // The queue being down must not undo the lifecycle move; the sweep enqueues it again.
    deps.logger.warn({ filingId: filing.filingId, err: error }, 'filing job not enqueued yet');
  });
}

/** Re-enqueues PENDING filings (job ids collapse duplicates) and writes any filing document a crash left out. */
export async function redispatchPendingFilings(deps: LifecycleDeps, limit = 100): Promise<number> {
  const seals = await deps.store.seals.withPendingFilings(limit);
  let count = 0;
  for (const seal of seals) count += await redispatchFilingsOf(deps, seal);
  return count;
}

/**
 * The same repair for one seal, for the ledger event consumer: a seal's ledger event proves its move
 * was committed, so any filing it still owes must have a job. The event names the seal by its ledger
 * key (esID). 0 for a seal this store does not hold.
 */
export async function redispatchSealFilings(deps: LifecycleDeps, esId: string): Promise<number> {
  const seal = await deps.store.seals.byId(await deps.store.sealCodes.sealIdFor(esId));
  return seal ? redispatchFilingsOf(deps, seal) : 0;
}

async function redispatchFilingsOf(deps: LifecycleDeps, seal: SealDoc): Promise<number> {
  let count = 0;
  for (const filing of seal.filings.filter((f) => f.state === 'PENDING')) {
    const existing = await deps.store.filings.byId(filing.filingId);
    if (existing && existing.state !== 'PENDING') {
      // The answer is stored but a concurrent whole-array update of the seal overwrote the copy: repair it.
      await new FilingStore(deps).repairSealRef(existing);
      continue;
    }
    if (existing) await deps.filingQueue.enqueue(filing.filingId);
    else await dispatchFiling(deps, seal, filing, deps.clock());
    count++;
  }
  return count;
}
