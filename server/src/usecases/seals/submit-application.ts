import { SealError } from '@eseal/core';
import { assertAllowed, type Caller } from '../../access';
import {
  assertApplicationComplete,
  assertLegalNameSealAvailable,
  SEAL_KINDS,
  submitSeal,
  type ApplicationChannel,
  type DocumentRef,
  type SealKind,
} from '../../domain';
import { isDuplicateKeyError, newId, recordAudit, type ApplicationDoc, type IdentityInput, type SealDoc } from '../../store';
import { loadUnit } from '../units/register-unit';
import { ensurePerson } from '../units/people';
import { applicationView, type ApplicationView } from './application-view';
import { contextFor } from './audit-actor';
import type { LifecycleDeps } from './lifecycle-deps';
import { legalNameSlotFor } from './seal-record';
import { assertSealCode, developmentSealCode } from './seal-code';

export interface SubmitApplicationInput {
  unitId: string;
  kind: SealKind;
  channel: ApplicationChannel;
  materials: DocumentRef<string>[];
  sealCode?: string;
  /** The person named on a position seal; the legal representative's seal defaults to the unit's. */
  holder?: IdentityInput;
  /** Who keeps an official seal and its PIN. */
  custodian?: IdentityInput;
  /** 第十条: the agent applying on the unit's (or holder's) behalf. */
  agent?: IdentityInput;
}

/** Internal options for re-issue after a name change. */
export interface ReissueOptions {
  replacingSealId: string;
  displayName: string;
  holderPersonId?: string;
  custodianPersonId?: string;
}

/**
 * Opens an application: materials checked per 第九条/第十条, people stored protected, the
 * one-legal-name-seal rule checked and then guarded by the unique slot index against races.
 */
export async function submitApplication(
  deps: LifecycleDeps,
  caller: Caller,
  input: SubmitApplicationInput,
  reissue?: ReissueOptions,
): Promise<ApplicationView> {
  assertAllowed(caller, 'application.submit', { unitId: input.unitId });
  const unit = await loadUnit(deps, input.unitId);
  assertApplicationComplete({ kind: input.kind, channel: input.channel, materials: input.materials });
  const position = SEAL_KINDS[input.kind].category === 'POSITION';

  const existing = await deps.store.seals.ofUnit(unit._id, { kinds: ['LEGAL_NAME'] });
  assertLegalNameSealAvailable(
    input.kind,
    existing.map((s) => ({ sealId: s._id, kind: s.kind, status: s.status })),
    {
      ...(reissue ? { replacingSealId: reissue.replacingSealId } : {}),
    },
  );

  if (input.channel === 'AGENT' && input.agent === undefined) {
    throw new SealError('APPLICATION_INCOMPLETE', 'an agent application names the agent (第十条)', { details: { missing: ['agent'] } });
  }
  const agent = input.agent ? await ensurePerson(deps.store, deps.identities, unit._id, input.agent) : undefined;

  let holderPersonId = reissue?.holderPersonId;
  let custodianPersonId = reissue?.custodianPersonId;
  let displayName = reissue?.displayName ?? unit.name;
  if (position && holderPersonId === undefined) {
    if (input.holder) holderPersonId = (await ensurePerson(deps.store, deps.identities, unit._id, input.holder))._id;
    else if (input.kind === 'LEGAL_REPRESENTATIVE') holderPersonId = unit.legalRepresentativePersonId;
    else throw new SealError('APPLICATION_INCOMPLETE', 'a position seal names its holder', { details: { missing: ['holder'] } });
  }
  if (position) {
    custodianPersonId = holderPersonId;
    if (!reissue) {
      const holder = await deps.store.people.byId(holderPersonId!);
      displayName = holder!.identity.name;
    }
  } else if (custodianPersonId === undefined) {
    if (!input.custodian)
      throw new SealError('APPLICATION_INCOMPLETE', 'an official seal names its custodian', { details: { missing: ['custodian'] } });
    custodianPersonId = (await ensurePerson(deps.store, deps.identities, unit._id, input.custodian))._id;
  }

  const sealId = newId('seal');
  const sealCode = await claimCodeFor(deps, sealId, unit.uscc, input.sealCode);
  const applicationId = newId('app');
  const now = deps.clock();
  const opened = submitSeal(sealId, input.kind, contextFor(caller, now));
  const application: Omit<ApplicationDoc, 'createdAt' | 'updatedAt'> = {
    _id: applicationId,
    unitId: unit._id,
    sealId,
    kind: input.kind,
    channel: input.channel,
    materials: input.materials,
    displayName,
    sealCode,
    submittedBy: caller.id,
    ...(holderPersonId ? { holderPersonId } : {}),
    ...(custodianPersonId ? { custodianPersonId } : {}),
    ...(agent ? { agentPersonId: agent._id } : {}),
    ...(reissue ? { replacingSealId: reissue.replacingSealId } : {}),
  };
  const created = await deps.store.applications.open(application).catch(async (error: unknown) => {
    await deps.store.sealCodes.release(sealCode, sealId);
    throw error;
  });
  const sealFields = { _id: sealId, unitId: unit._id, kind: input.kind, ...(reissue ? { replacingSealId: reissue.replacingSealId } : {}) };
  let seal: SealDoc | undefined;
  try {
    seal = await deps.store.seals.open({
      ...sealFields,
      applicationId,
      status: opened.seal.status,
      sealCode,
      displayName,
      sealName: SEAL_KINDS[input.kind].nameZh,
      ...(holderPersonId ? { holderPersonId } : {}),
      // The named custodian from the start, so every view of the seal shows who will hold it.
      ...(custodianPersonId ? { custodianId: custodianPersonId } : {}),
      legalNameSlot: legalNameSlotFor(sealFields, opened.seal.status),
      ledgerOps: [],
      filings: [],
      revision: 0,
    });
  } catch (error) {
    await deps.store.applications.withdraw(applicationId);
    await deps.store.sealCodes.release(sealCode, sealId);
    if (isDuplicateKeyError(error)) {
      throw new SealError('DUPLICATE_LEGAL_NAME_SEAL', 'the unit already has a legal-name seal that is active or in progress', {
        details: { unitId: unit._id },
      });
    }
    throw error;
  }
  if (!seal) {
    await deps.store.applications.withdraw(applicationId);
    throw new SealError('DUPLICATE_LEGAL_NAME_SEAL', 'the unit already has a legal-name seal that is active or in progress', {
      details: { unitId: unit._id },
    });
  }
  await recordAudit(deps.store.audit, { ...opened.audit, unitId: unit._id, details: { applicationId, channel: input.channel } });
  return applicationView(deps.store, created, seal);
}

/** Development codes are drawn until one is free; a code the applicant gives is theirs or a 409. */
const DEVELOPMENT_CODE_DRAWS = 8;

async function claimCodeFor(deps: LifecycleDeps, sealId: string, uscc: string, given: string | undefined): Promise<string> {
  if (given !== undefined) {
    const code = assertSealCode(given);
    if (await deps.store.sealCodes.claim(code, sealId)) return code;
    throw new SealError('SEAL_CODE_TAKEN', 'another seal already has this seal code', { details: { field: 'sealCode' } });
  }
  for (let draw = 0; draw < DEVELOPMENT_CODE_DRAWS; draw++) {
    const code = developmentSealCode(uscc);
    if (await deps.store.sealCodes.claim(code, sealId)) return code;
  }
  throw new SealError('SEAL_CODE_TAKEN', 'no free development seal code for this division; give the sealCode', {
    details: { field: 'sealCode' },
  });
}
