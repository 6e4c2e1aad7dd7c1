import { SealError } from '@eseal/core';
import { assertAllowed, type Caller } from '../../access';
import {
  assertApplicationComplete,
  assertLegalNameSealAvailable,
  LIVE_STATUSES,
  STARTER_PACKAGE,
  type ApplicationChannel,
  type DocumentRef,
  type SealKind,
} from '../../domain';
import type { IdentityInput, SealDoc } from '../../store';
import type { LifecycleDeps } from './lifecycle-deps';
import { makeSealFromApplication } from './make-seal';
import { reviewApplication } from './review-application';
import { sealView, type SealView } from './seal-view';
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
 *
 * Four seals are many writes without a transaction, so a call that failed half-way is completed by
 * repeating it: a kind the unit already holds a live seal of is continued from where that seal
 * stands (reviewed, made) or kept as it is, never applied for twice. Once the unit holds all four,
 * a repeat is refused as before (DUPLICATE_LEGAL_NAME_SEAL).
 */
export async function issueStarterPackage(
  deps: LifecycleDeps,
  caller: Caller,
  unitId: string,
  input: StarterPackageInput,
): Promise<SealView[]> {
  assertAllowed(caller, 'seal.make', { unitId });
  assertAllowed(caller, 'application.review', { unitId });
  for (const kind of STARTER_PACKAGE) assertApplicationComplete({ kind, channel: input.channel, materials: input.materials });
  const live = await deps.store.seals.ofUnit(unitId, { kinds: STARTER_PACKAGE, statuses: LIVE_STATUSES });
  const held = new Map<SealKind, SealDoc>();
  for (const seal of live) if (!held.has(seal.kind)) held.set(seal.kind, seal);
  if (held.size === STARTER_PACKAGE.length || !held.has('LEGAL_NAME')) {
    const legalName = await deps.store.seals.ofUnit(unitId, { kinds: ['LEGAL_NAME'] });
    assertLegalNameSealAvailable(
      'LEGAL_NAME',
      legalName.map((s) => ({ sealId: s._id, kind: s.kind, status: s.status })),
    );
  }
  if (input.channel === 'AGENT' && !input.agent) {
    throw new SealError('APPLICATION_INCOMPLETE', 'an agent application names the agent (第十条)', { details: { missing: ['agent'] } });
  }
  const made: SealView[] = [];
  for (const kind of STARTER_PACKAGE) {
    const earlier = held.get(kind);
    if (earlier && !['SUBMITTED', 'APPROVED'].includes(earlier.status)) {
      made.push(await sealView(deps.store, earlier));
      continue;
    }
    const applicationId = earlier
      ? earlier.applicationId
      : (
          await submitApplication(deps, caller, {
            unitId,
            kind,
            channel: input.channel,
            materials: input.materials,
            ...(kind === 'LEGAL_REPRESENTATIVE' ? {} : { custodian: input.custodian }),
            ...(input.agent ? { agent: input.agent } : {}),
          })
        ).applicationId;
    if (earlier?.status !== 'APPROVED')
      await reviewApplication(deps, caller, applicationId, { decision: 'APPROVE', note: 'starter package' });
    made.push(
      await makeSealFromApplication(deps, caller, {
        applicationId,
        initialPin: kind === 'LEGAL_REPRESENTATIVE' ? input.legalRepresentativePin : input.custodianPin,
        ...(input.validityDays ? { validityDays: input.validityDays } : {}),
      }),
    );
  }
  return made;
}
