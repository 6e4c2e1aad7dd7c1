import { SealError } from '@eseal/core';
import { assertAllowed, type Caller } from '../../access';
import { assertApplicationComplete } from '../../domain';
import type { ApplicationDoc } from '../../store';
import { applicationView, type ApplicationView } from './application-view';
import { commitTransition } from './commit-transition';
import type { LifecycleDeps } from './lifecycle-deps';
import { loadSeal } from './seal-record';

export async function loadApplication(deps: LifecycleDeps, applicationId: string): Promise<ApplicationDoc> {
  const application = await deps.store.applications.byId(applicationId);
  if (!application) throw new SealError('NOT_FOUND', 'no such seal application', { details: { applicationId } });
  return application;
}

export async function getApplication(deps: LifecycleDeps, caller: Caller, applicationId: string): Promise<ApplicationView> {
  const application = await loadApplication(deps, applicationId);
  assertAllowed(caller, 'application.read', { unitId: application.unitId });
  return applicationView(deps.store, application, await loadSeal(deps.store, application.sealId));
}

export type ReviewDecision = { decision: 'APPROVE'; note?: string } | { decision: 'REJECT'; reason: string };

/** The maker verifies the materials again before approving (they may have been edited since). */
export async function reviewApplication(
  deps: LifecycleDeps,
  caller: Caller,
  applicationId: string,
  review: ReviewDecision,
): Promise<ApplicationView> {
  const application = await loadApplication(deps, applicationId);
  assertAllowed(caller, 'application.review', { unitId: application.unitId });
  const seal = await loadSeal(deps.store, application.sealId);
  if (review.decision === 'APPROVE') {
    assertApplicationComplete({ kind: application.kind, channel: application.channel, materials: application.materials });
  }
  const { seal: updated } = await commitTransition(
    deps,
    seal,
    review.decision === 'APPROVE' ? { type: 'APPROVE' } : { type: 'REJECT', reason: review.reason },
    caller,
    review.decision === 'APPROVE' && review.note !== undefined ? { note: review.note } : {},
  );
  // A rejected seal never reaches the ledger: its code is free for a new application of the same physical seal.
  if (updated.status === 'REJECTED') await deps.store.sealCodes.release(updated.sealCode, updated._id);
  return applicationView(deps.store, application, updated);
}
