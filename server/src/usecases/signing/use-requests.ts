import { SealError } from '@eseal/core';
import { assertSm3Hex, requiresUseApproval } from '../../domain';
import { newId, type SealDoc } from '../../store';
import { takeClaim, type UseRequestDoc } from '../../store/signing';
import { assertAllowed, separationRefusal, type Caller } from '../../access';
import { sealActingPersonIds, type SealPeople } from './signing-seal';
import type { SigningDeps } from './signing-deps';

export interface UseRequestInput {
  sealId: string;
  documentSm3: string;
  purpose: string;
}

/** 用章审批, step 1: ask to use an official seal on one document. */
export async function requestUse(deps: SigningDeps, caller: Caller, input: UseRequestInput): Promise<UseRequestDoc> {
  assertSm3Hex(input.documentSm3, 'documentSm3');
  const seal = await deps.store.seals
    .findById(input.sealId, { unitId: 1, kind: 1, status: 1 })
    .lean<Pick<SealDoc, 'unitId' | 'kind' | 'status'>>();
  if (!seal) throw new SealError('NOT_FOUND', 'no such seal', { details: { sealId: input.sealId } });
  assertAllowed(caller, 'use.request', { unitId: seal.unitId });
  if (!requiresUseApproval(seal.kind)) {
    throw new SealError('VALIDATION_FAILED', 'position seals are used by their holder without approval', {
      details: { sealId: input.sealId, kind: seal.kind },
    });
  }
  if (seal.status !== 'ACTIVE') throw new SealError('SEAL_NOT_ACTIVE', `the seal is ${seal.status}`, { details: { sealId: input.sealId } });
  const doc = await deps.signing.useRequests.create({
    _id: newId('use'),
    unitId: seal.unitId,
    sealId: input.sealId,
    documentSm3: input.documentSm3,
    purpose: input.purpose,
    requesterId: caller.id,
    ...(caller.personId ? { requesterPersonId: caller.personId } : {}),
    state: 'PENDING',
  });
  return doc.toObject();
}

export type UseDecision = { approve: true; note?: string } | { approve: false; note: string };

/**
 * 用章审批, step 2: the unit's approver decides, once: two approvers cannot both decide and a decided
 * request never changes.
 */
export async function decideUse(deps: SigningDeps, caller: Caller, requestId: string, decision: UseDecision): Promise<UseRequestDoc> {
  const current = await getUseRequestDoc(deps, requestId);
  assertAllowed(caller, 'use.decide', { unitId: current.unitId });
  await assertIndependentApprover(deps, caller, current);
  const now = deps.clock();
  const set = decision.approve
    ? {
        state: 'APPROVED',
        decidedBy: caller.id,
        decidedAt: now,
        expiresAt: new Date(now.getTime() + deps.settings.approvalTtlMs),
        ...(decision.note ? { decisionNote: decision.note } : {}),
      }
    : { state: 'REJECTED', decidedBy: caller.id, decidedAt: now, decisionNote: decision.note };
  // The claim, not a conditional update, decides between two approvers deciding at once (see signing-claim.model.ts).
  if (current.state !== 'PENDING' || !(await takeClaim(deps.signing.claims, `decide:${requestId}`, caller.id, now))) {
    const latest = await getUseRequestDoc(deps, requestId);
    throw new SealError('INVALID_TRANSITION', `the request is already ${latest.state === 'PENDING' ? 'being decided' : latest.state}`, {
      details: { requestId, state: latest.state },
    });
  }
  await deps.signing.useRequests.updateOne({ _id: requestId }, { $set: set });
  return { ...current, ...set } as UseRequestDoc;
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
  const seal = await deps.store.seals.findById(request.sealId, { kind: 1, holderPersonId: 1, custodianId: 1 }).lean<SealPeople>();
  if (seal && (await sealActingPersonIds(deps.store, { _id: request.sealId, ...seal })).includes(caller.personId)) {
    throw separationRefusal('APPROVER_IS_CUSTODIAN', 'the custodian of a seal cannot approve its use', details);
  }
}

/**
 * An approver's inbox: the unit's use requests in one state, newest first, on the (unitId, state,
 * createdAt) index. A unit caller reads their own unit; others (auditors) name it.
 */
export async function listUseRequests(
  deps: SigningDeps,
  caller: Caller,
  query: { unitId?: string; state: UseRequestDoc['state']; limit: number },
): Promise<UseRequestDoc[]> {
  const unitId = query.unitId ?? caller.unitId;
  if (unitId === undefined) throw new SealError('VALIDATION_FAILED', 'name the unit (unitId)', { details: { field: 'unitId' } });
  assertAllowed(caller, 'use.read', { unitId });
  return deps.signing.useRequests.find({ unitId, state: query.state }).sort({ createdAt: -1 }).limit(query.limit).lean<UseRequestDoc[]>();
}

export async function getUseRequest(deps: SigningDeps, caller: Caller, requestId: string): Promise<UseRequestDoc> {
  const doc = await getUseRequestDoc(deps, requestId);
  assertAllowed(caller, 'use.read', { unitId: doc.unitId });
  return doc;
}

async function getUseRequestDoc(deps: SigningDeps, requestId: string): Promise<UseRequestDoc> {
  const doc = await deps.signing.useRequests.findById(requestId).lean<UseRequestDoc>();
  if (!doc) throw new SealError('NOT_FOUND', 'no such use request', { details: { requestId } });
  return doc;
}
