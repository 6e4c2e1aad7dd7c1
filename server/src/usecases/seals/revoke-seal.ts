import type { RevocationReason as CrlReason } from '@eseal/core';
import { assertAllowed, type Caller } from '../../access';
import { REVOCATION_REASONS, parseRevocationReason, type DocumentRef, type RevocationReason } from '../../domain';
import type { SealDoc } from '../../store';
import { afterCommit } from './after-commit';
import { commitTransition } from './commit-transition';
import type { LifecycleDeps } from './lifecycle-deps';
import { loadSeal } from './seal-record';
import { sealView, type SealView } from './seal-view';
import { esIdOf } from './seal-identity';

export interface RevokeInput {
  reason: unknown;
  materials: DocumentRef<string>[];
  reportedCompromiseAt?: string;
}

/** CRL reason for each 第二十一条 reason: a leak or loss is a key compromise, the rest end the seal's use. */
const CRL_REASON: Readonly<Record<RevocationReason, CrlReason>> = {
  UNIT_DISSOLVED: 'cessationOfOperation',
  PHYSICAL_SEAL_RETIRED: 'superseded',
  ESEAL_RETIRED: 'cessationOfOperation',
  KEY_LEAKED: 'keyCompromise',
  SEAL_LOST_OR_STOLEN: 'keyCompromise',
};

function compromiseOf(reason: RevocationReason, input: RevokeInput): { compromisedAt?: string } {
  if (!REVOCATION_REASONS[reason].keyCompromised || !input.reportedCompromiseAt) return {};
  return { compromisedAt: new Date(input.reportedCompromiseAt).toISOString() };
}

export async function revokeSeal(deps: LifecycleDeps, caller: Caller, sealId: string, input: RevokeInput): Promise<SealView> {
  const seal = await loadSeal(deps.store, sealId);
  assertAllowed(caller, 'seal.revoke', { unitId: seal.unitId });
  return sealView(deps.store, await revokeSealRecord(deps, caller, seal, input));
}

/**
 * Revokes in the order that keeps every record consistent after a crash: the seal record (with the
 * ledger op and filing it owes) first, then the certificate at the CA, then ledger and filing.
 */
export async function revokeSealRecord(deps: LifecycleDeps, caller: Caller, seal: SealDoc, input: RevokeInput): Promise<SealDoc> {
  const reason = parseRevocationReason(input.reason);
  const now = deps.clock();
  const made = seal.certificate !== undefined;
  // Public security refused the making: it knows no such seal, so there is no revocation to file.
  const knownToPublicSecurity = made && !seal.filings.some((f) => f.action === 'MADE' && f.state === 'FAILED');
  const committed = await commitTransition(
    deps,
    seal,
    {
      type: 'REVOKE',
      reason,
      materials: input.materials,
      ...(input.reportedCompromiseAt ? { reportedCompromiseAt: input.reportedCompromiseAt } : {}),
    },
    caller,
    {
      now,
      // A seal revoked before it was made never reached the ledger or public security.
      // The ledger carries the reported compromise time, so every verifier (the CLI too) judges by it.
      ...(made ? { ledger: { type: 'REVOKE' as const, input: { sealId: esIdOf(seal), reason, ...compromiseOf(reason, input) } } } : {}),
      ...(knownToPublicSecurity ? { filing: 'REVOKED' as const } : {}),
    },
  );
  if (made) {
    const serial = seal.certificate!.serial;
    const effective = input.reportedCompromiseAt ? new Date(input.reportedCompromiseAt) : now;
    await deps.certificates.ca.revoke(BigInt(`0x${serial}`), CRL_REASON[reason], effective);
    await deps.certificates.persist();
    await deps.store.certificates.markRevoked(serial, effective, reason);
  }
  await announceRevocation(deps, seal, reason, input.reportedCompromiseAt ? new Date(input.reportedCompromiseAt) : now);
  return afterCommit(deps, committed, now);
}

/** The revocation is committed whatever a listener does: its failure is logged, not the caller's. */
async function announceRevocation(deps: LifecycleDeps, seal: SealDoc, reason: RevocationReason, revokedAt: Date): Promise<void> {
  try {
    await deps.events?.sealRevoked({ sealId: seal._id, sealCode: seal.sealCode, unitId: seal.unitId, reason, revokedAt });
  } catch (err) {
    deps.logger.warn({ err, sealId: seal._id }, 'a listener of seal revocations failed');
  }
}
