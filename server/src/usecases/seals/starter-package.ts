import { SealError } from '@eseal/core';
import { assertAllowed, type Caller } from '../../access';
import { assertApplicationComplete, assertLegalNameSealAvailable, STARTER_PACKAGE, type ApplicationChannel, type DocumentRef } from '../../domain';
import type { IdentityInput, SealDoc } from '../../store';
import type { LifecycleDeps } from './lifecycle-deps';
import { makeSealFromApplication } from './make-seal';
import { reviewApplication } from './review-application';
import type { SealView } from './seal-view';
import { submitApplication } from './submit-application';

export interface StarterPackageInput {
  channel: ApplicationChannel;
  /** One set covering all four seals (licence, form, both IDs, physical imprints). */
  materials: DocumentRef<string>[];
  custodian: IdentityInput;
  custodianPin: string;
  /** The legal representative holds their own seal and its PIN. */
  legalRepresentativePin: string;
  agent?: IdentityInput;
  validityDays?: number;
}

/**
 * The free starter package (legal-name, finance, contract and legal-representative seals) in one
 * call by the maker: every rule is checked for all four before anything is written, then each is
 * applied for, approved and made like any other seal.
 */
export async function issueStarterPackage(deps: LifecycleDeps, caller: Caller, unitId: string, input: StarterPackageInput): Promise<SealView[]> {
  assertAllowed(caller, 'seal.make', { unitId });
  assertAllowed(caller, 'application.review', { unitId });
  for (const kind of STARTER_PACKAGE) assertApplicationComplete({ kind, channel: input.channel, materials: input.materials });
  const existing = await deps.store.seals.find({ unitId, kind: 'LEGAL_NAME' }, { _id: 1, kind: 1, status: 1 }).lean<SealDoc[]>();
  assertLegalNameSealAvailable('LEGAL_NAME', existing.map((s) => ({ sealId: s._id, kind: s.kind, status: s.status })));
  if (input.channel === 'AGENT' && !input.agent) {
    throw new SealError('APPLICATION_INCOMPLETE', 'an agent application names the agent (第十条)', { details: { missing: ['agent'] } });
  }
  const made: SealView[] = [];
  for (const kind of STARTER_PACKAGE) {
    const application = await submitApplication(deps, caller, {
      unitId, kind, channel: input.channel, materials: input.materials,
      ...(kind === 'LEGAL_REPRESENTATIVE' ? {} : { custodian: input.custodian }),
      ...(input.agent ? { agent: input.agent } : {}),
    });
    await reviewApplication(deps, caller, application.applicationId, { decision: 'APPROVE', note: 'starter package' });
    made.push(
      await makeSealFromApplication(deps, caller, {
        applicationId: application.applicationId,
        initialPin: kind === 'LEGAL_REPRESENTATIVE' ? input.legalRepresentativePin : input.custodianPin,
        ...(input.validityDays ? { validityDays: input.validityDays } : {}),
      }),
    );
  }
  return made;
}
