import { assertAllowed, type Caller } from '../../access';
import {
  assertSafeName,
  checkDocuments,
  planNameChange,
  REVOCATION_REASONS,
  type ApplicationChannel,
  type DocumentRef,
} from '../../domain';
import { SealError } from '@eseal/core';
import type { IdentityInput } from '../../store';
import type { ApplicationView } from './application-view';
import type { LifecycleDeps } from './lifecycle-deps';
import { loadSeal } from './seal-record';
import { submitApplication } from './submit-application';

export interface RenameSealInput {
  newName: string;
  channel: ApplicationChannel;
  /** The application materials for the new seal plus the revocation materials for the old one. */
  materials: DocumentRef<string>[];
  /** Code of the newly engraved physical seal. */
  sealCode?: string;
  agent?: IdentityInput;
}

/**
 * A name on a seal cannot be edited (imprint, certificate and seal data carry it): a name change
 * opens a re-issue application for the same kind, custodian and holder. Making it revokes the old
 * seal (PHYSICAL_SEAL_RETIRED), so the revocation materials are checked now, not at making time.
 */
export async function renameSeal(deps: LifecycleDeps, caller: Caller, sealId: string, input: RenameSealInput): Promise<ApplicationView> {
  const old = await loadSeal(deps.store, sealId);
  assertAllowed(caller, 'seal.change', { unitId: old.unitId });
  assertSafeName(input.newName, 'newName');
  const plan = planNameChange({ sealId: old._id, kind: old.kind, status: old.status, name: old.displayName }, input.newName);
  const { missing, malformed } = checkDocuments(REVOCATION_REASONS[plan.revokeOld.reason].materials, input.materials);
  if (missing.length > 0 || malformed.length > 0) {
    throw new SealError('APPLICATION_INCOMPLETE', 'a re-issue also needs the revocation materials of the old seal', {
      details: { sealId, reason: plan.revokeOld.reason, missing, malformed },
    });
  }
  if (await deps.store.applications.reissuePending(sealId)) {
    throw new SealError('INVALID_TRANSITION', 'a re-issue of this seal is already under way', {
      details: { sealId, from: old.status, to: 'REVOKED' },
    });
  }
  return submitApplication(
    deps,
    caller,
    {
      unitId: old.unitId,
      kind: plan.reissue.kind,
      channel: input.channel,
      materials: input.materials,
      ...(input.sealCode ? { sealCode: input.sealCode } : {}),
      ...(input.agent ? { agent: input.agent } : {}),
    },
    {
      replacingSealId: old._id,
      displayName: plan.reissue.newName,
      ...(old.holderPersonId ? { holderPersonId: old.holderPersonId } : {}),
      ...(old.custodianId ? { custodianPersonId: old.custodianId } : {}),
    },
  );
}
