import { SealError } from '@eseal/core';
import type { Caller } from '../../access';
import { applySealCommand, type FilingEvent, type SealCommand, type SealLifecycle } from '../../domain';
import {
  newId,
  recordAudit,
  transitionClaimId,
  type AuditInput,
  type LedgerOp,
  type LedgerOpType,
  type SealDoc,
  type SealFilingRef,
  type Store,
} from '../../store';
import { contextFor } from './audit-actor';
import type { LifecycleDeps } from './lifecycle-deps';
import { legalNameSlotFor, toLifecycle } from './seal-record';

export interface TransitionExtras {
  /** Stored fields the domain does not model (imprint size and source, certificate hash). */
  readonly set?: Partial<SealDoc>;
  /** The ledger transaction this move owes, written in the same update (outbox). */
  readonly ledger?: { type: LedgerOpType; input: Record<string, unknown> };
  /** The filing this move owes public security. */
  readonly filing?: FilingEvent;
  readonly note?: string;
  readonly auditDetails?: Record<string, unknown>;
  readonly now?: Date;
}

export interface Committed {
  readonly seal: SealDoc;
  readonly filing?: SealFilingRef;
}

/**
 * Applies one domain command and stores the result as ONE single-document update, guarded by a
 * unique claim on the revision the command was checked against: of two concurrent moves exactly one
 * wins, the other gets INVALID_TRANSITION and changes nothing. The update is absolute ($set of whole
 * fields, outbox arrays included), so applying it twice yields the same document. Then audits.
 * The caller runs the ledger op and enqueues the filing after this returns.
 */
export async function commitTransition(
  deps: LifecycleDeps,
  seal: SealDoc,
  command: SealCommand,
  caller: Caller,
  extras: TransitionExtras = {},
): Promise<Committed> {
  const now = extras.now ?? deps.clock();
  const result = applySealCommand(toLifecycle(seal), command, contextFor(caller, now, extras.note));
  const next = result.seal;
  const set: Record<string, unknown> = { ...domainFields(next), ...extras.set };
  if (next.revocation !== undefined)
    set.revocation = { ...next.revocation, materials: [...next.revocation.materials], at: now.toISOString() };
  set.status = next.status;
  set.legalNameSlot = legalNameSlotFor({ ...seal, ...(extras.set ?? {}) }, next.status);
  set.revision = seal.revision + 1;
  set.updatedAt = now;
  if (extras.ledger) {
    const op: LedgerOp = {
      opId: newId('op'),
      type: extras.ledger.type,
      input: JSON.stringify(extras.ledger.input),
      state: 'PENDING',
      attempts: 0,
      createdAt: now,
    };
    set.ledgerOps = [...seal.ledgerOps, op];
  }
  let filing: SealFilingRef | undefined;
  if (extras.filing) {
    filing = { filingId: newId('filing'), action: extras.filing, state: 'PENDING' };
    set.filings = [...seal.filings, filing];
  }
  const audit: AuditInput = {
    ...result.audit,
    unitId: seal.unitId,
    actor: { ...result.audit.actor, ...(caller.ip === undefined ? {} : { ip: caller.ip }) },
    ...(extras.auditDetails === undefined ? {} : { details: { ...(result.audit.details ?? {}), ...extras.auditDetails } }),
  };

  const claimId = transitionClaimId(seal._id, seal.revision);
  const claimed = await deps.store.sealTransitions.claim({
    _id: claimId,
    sealId: seal._id,
    revision: seal.revision,
    set,
    audit: audit as unknown as Record<string, unknown>,
    at: now,
  });
  if (!claimed) {
    // Someone else moved the seal from this revision; finish their move if they crashed mid-way.
    await rollForward(deps.store, claimId);
    throw new SealError('INVALID_TRANSITION', 'the seal changed while this request was processed; reload and retry', {
      details: { sealId: seal._id, from: seal.status, to: next.status },
    });
  }
  const updated = await applyClaim(deps.store, claimId, seal._id, seal.revision, set, audit);
  return { seal: updated, ...(filing === undefined ? {} : { filing }) };
}

async function applyClaim(
  store: Store,
  claimId: string,
  sealId: string,
  revision: number,
  set: Record<string, unknown>,
  audit: AuditInput,
): Promise<SealDoc> {
  if ((await store.seals.applyMove(sealId, revision, set)) === 'LEGAL_NAME_SLOT_TAKEN') {
    // The claim is void: release it so the seal is not stuck.
    await store.sealTransitions.release(claimId);
    throw new SealError('DUPLICATE_LEGAL_NAME_SEAL', 'the unit already has a legal-name seal that is active or in progress', {
      details: { sealId },
    });
  }
  await recordAudit(store.audit, audit, `audit_${claimId}`);
  await store.sealTransitions.markApplied(claimId);
  const updated = await store.seals.byId(sealId);
  if (!updated) throw new SealError('NOT_FOUND', 'no such seal', { details: { sealId } });
  return updated;
}

/** Applies a claimed move that never reached the seal (its writer stopped between claim and update). */
export async function rollForward(store: Store, claimId: string): Promise<void> {
  const claim = await store.sealTransitions.byId(claimId);
  if (!claim || claim.applied || claim.set === undefined) return;
  const seal = await store.seals.fieldsOf(claim.sealId, ['revision']);
  if (!seal || seal.revision !== claim.revision) return;
  await applyClaim(store, claimId, claim.sealId, claim.revision, claim.set, claim.audit as unknown as AuditInput).catch(() => undefined);
}

function domainFields(seal: SealLifecycle): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (seal.custodianId !== undefined) fields.custodianId = seal.custodianId;
  if (seal.keyId !== undefined) fields.keyId = seal.keyId;
  if (seal.imprintSm3 !== undefined) fields.imprintSm3 = seal.imprintSm3;
  if (seal.sesealSm3 !== undefined) fields.sesealSm3 = seal.sesealSm3;
  if (seal.rejectionReason !== undefined) fields.rejectionReason = seal.rejectionReason;
  // The certificate is only replaced by MAKE and RENEW, which pass it (with its SM3) in extras.set.
  return fields;
}
