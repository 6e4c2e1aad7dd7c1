import { SealError } from '@eseal/core';
import { assertSm3Hex, requiresUseApproval } from '../../domain';
import { newId } from '../../store';
import type { UseDecisionFields, UseRequestDoc } from '../../store/signing';
import { assertAllowed, separationRefusal, type Caller } from '../../access';
import { sealActingPersonIds } from './signing-seal';
import type { SigningDeps } from './signing-deps';
import { IDEMPOTENCY_STALE_MS } from './idempotency';
import { useRequestView, type UseRequestView } from './use-request-view';

/**
 * An approver's decision whose claim is this old and still not written died with its request (the
 * same bound as a signing attempt's): only then may the approver's repeat take it over. Sooner, the
 * first attempt may still be writing, and two writes could put APPROVED back over a request that a
 * signing used in between.
 */
const DECISION_STALE_MS = IDEMPOTENCY_STALE_MS;

export interface UseRequestInput {
  sealId: string;
  documentSm3: string;
  purpose: string;
}

/** 用章审批, step 1: ask to use an official seal on one document. */
export async function requestUse(deps: SigningDeps, caller: Caller, input: UseRequestInput): Promise<UseRequestView> {
  assertSm3Hex(input.documentSm3, 'documentSm3');
  const seal = await deps.store.seals.fieldsOf(input.sealId, ['unitId', 'kind', 'status']);
  if (!seal) throw new SealError('NOT_FOUND', 'no such seal', { details: { sealId: input.sealId } });
  assertAllowed(caller, 'use.request', { unitId: seal.unitId });
  if (!requiresUseApproval(seal.kind)) {
    throw new SealError('VALIDATION_FAILED', 'position seals are used by their holder without approval', {
      details: { sealId: input.sealId, kind: seal.kind },
    });
  }
  if (seal.status !== 'ACTIVE') throw new SealError('SEAL_NOT_ACTIVE', `the seal is ${seal.status}`, { details: { sealId: input.sealId } });
  const opened = await deps.signing.useRequestRepository.open({
    _id: newId('use'),
    unitId: seal.unitId,
    sealId: input.sealId,
    documentSm3: input.documentSm3,
    purpose: input.purpose,
    requesterId: caller.id,
    ...(caller.personId ? { requesterPersonId: caller.personId } : {}),
  });
  return useRequestView(opened);
}

export type UseDecision = { approve: true; note?: string } | { approve: false; note: string };

/**
 * 用章审批, step 2: the unit's approver decides, once: one verdict by one approver, whatever arrives
 * at the same moment (two approvers, or one approver's APPROVE and REJECT), and a decided request
 * never changes. The unique claim `decision:<requestId>` decides between them (FerretDB v1 has no
 * atomic "only while PENDING" update), and only its holder writes the decision.
 */
export async function decideUse(deps: SigningDeps, caller: Caller, requestId: string, decision: UseDecision): Promise<UseRequestView> {
  const requests = deps.signing.useRequestRepository;
  const current = await getUseRequestDoc(deps, requestId);
  assertAllowed(caller, 'use.decide', { unitId: current.unitId });
  await assertIndependentApprover(deps, caller, current);
  if (current.state !== 'PENDING') throw alreadyDecided(requestId, current.state);
  const now = deps.clock();
  const set: UseDecisionFields = decision.approve
    ? {
        state: 'APPROVED',
        decidedBy: caller.id,
        decidedAt: now,
        expiresAt: new Date(now.getTime() + deps.settings.approvalTtlMs),
        ...(decision.note ? { decisionNote: decision.note } : {}),
      }
    : { state: 'REJECTED', decidedBy: caller.id, decidedAt: now, decisionNote: decision.note };
  // A repeat by the same approver with the same verdict takes over an attempt that died between its
  // claim and its write; without it the request would stay "being decided" for good.
  const claim = await requests.claimDecision(requestId, `${set.state} by ${caller.id}`, now, DECISION_STALE_MS);
  if (claim.outcome !== 'CLAIMED') throw alreadyDecided(requestId, (await getUseRequestDoc(deps, requestId)).state);
  if (claim.resumed) {
    // The attempt taken over may have written after all: a decided (or used) request is left as it is.
    const latest = await getUseRequestDoc(deps, requestId);
    if (latest.state !== 'PENDING') throw alreadyDecided(requestId, latest.state);
  }
  await requests.writeDecision(requestId, set);
  return useRequestView({ ...current, ...set });
}

function alreadyDecided(requestId: string, state: UseRequestDoc['state']): SealError {
  return new SealError('INVALID_TRANSITION', `the request is already ${state === 'PENDING' ? 'being decided' : state}`, {
    details: { requestId, state },
  });
}

/**
 * 第十六条: the approval is a second person's check on the one who keeps and uses the seal. So the
 * approver is never the requesting account or person, nor anyone who keeps this seal now; and an
 * approver must be a known person, or these comparisons would have nothing to compare.
 */
async function assertIndependentApprover(deps: SigningDeps, caller: Caller, request: UseRequestDoc): Promise<void> {
  const details = { requestId: request._id };
  if (caller.id === request.requesterId || (caller.personId !== undefined && caller.personId === request.requesterPersonId)) {
    throw separationRefusal('APPROVER_IS_REQUESTER', 'a requester cannot approve their own request', details);
  }
  if (caller.kind === 'system') return;
  if (caller.personId === undefined) throw separationRefusal('PERSON_REQUIRED', 'an approver account must name its person', details);
  const seal = await deps.store.seals.fieldsOf(request.sealId, ['kind', 'holderPersonId', 'custodianId']);
  if (seal && (await sealActingPersonIds(deps.store, seal)).includes(caller.personId)) {
    throw separationRefusal('APPROVER_IS_CUSTODIAN', 'the custodian of a seal cannot approve its use', details);
  }
}

export async function getUseRequest(deps: SigningDeps, caller: Caller, requestId: string): Promise<UseRequestView> {
  const doc = await getUseRequestDoc(deps, requestId);
  assertAllowed(caller, 'use.read', { unitId: doc.unitId });
  return useRequestView(doc);
}

async function getUseRequestDoc(deps: SigningDeps, requestId: string): Promise<UseRequestDoc> {
  const doc = await deps.signing.useRequestRepository.byId(requestId);
  if (!doc) throw new SealError('NOT_FOUND', 'no such use request', { details: { requestId } });
  return doc;
}
