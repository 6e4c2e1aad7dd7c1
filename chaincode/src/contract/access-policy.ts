import type { Context } from 'fabric-contract-api';
import { ChaincodeError } from './errors';

/**
 * Who may write what. The MSP id says which organisation signed the proposal (checked by the peer);
 * the role attribute, carried in the caller's certificate, narrows it to the people or services in
 * that organisation allowed to do the action.
 */
export type LedgerAction = 'issue' | 'change' | 'renew' | 'revoke' | 'anchor';

export interface AccessPolicy {
  /** Seal-making institutions (制作机构): issue, change, renew, revoke, anchor signature batches. */
  makerMspIds: readonly string[];
  /** Public security (公安): revoke. */
  regulatorMspIds: readonly string[];
  /** Certificate attribute holding comma-separated roles; null trusts the whole organisation. */
  roleAttribute: string | null;
}

/** Roles a caller's attribute must name, per action and organisation kind. */
const MAKER_ROLES: Record<LedgerAction, string> = {
  issue: 'seal.issuer',
  change: 'seal.issuer',
  renew: 'seal.issuer',
  revoke: 'seal.issuer',
  anchor: 'evidence.anchor',
};
const REGULATOR_ROLES: Partial<Record<LedgerAction, string>> = { revoke: 'seal.revoker' };

export const DEFAULT_ACCESS_POLICY: AccessPolicy = {
  makerMspIds: ['MakerMSP'],
  regulatorMspIds: ['PublicSecurityMSP'],
  roleAttribute: 'eseal.role',
};

/**
 * Reads the policy from the chaincode process environment (set on the chaincode-as-a-service container):
 * ESEAL_MAKER_MSPS and ESEAL_REGULATOR_MSPS (comma-separated MSP ids) and ESEAL_ROLE_ATTRIBUTE
 * (empty or "none" to trust whole organisations). Every endorsing peer's chaincode must use the same values.
 */
export function accessPolicyFromEnv(env: Record<string, string | undefined>): AccessPolicy {
  const list = (value: string | undefined, fallback: readonly string[]) =>
    value === undefined
      ? fallback
      : value
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s.length > 0);
  const attr = env.ESEAL_ROLE_ATTRIBUTE;
  return {
    makerMspIds: list(env.ESEAL_MAKER_MSPS, DEFAULT_ACCESS_POLICY.makerMspIds),
    regulatorMspIds: list(env.ESEAL_REGULATOR_MSPS, DEFAULT_ACCESS_POLICY.regulatorMspIds),
    roleAttribute: attr === undefined ? DEFAULT_ACCESS_POLICY.roleAttribute : attr === '' || attr === 'none' ? null : attr,
  };
}

/** Returns the caller's MSP id when allowed; throws LEDGER_ACCESS_DENIED otherwise. */
export function assertAllowed(ctx: Context, policy: AccessPolicy, action: LedgerAction): string {
  const mspId = ctx.clientIdentity.getMSPID();
  const role = policy.makerMspIds.includes(mspId)
    ? MAKER_ROLES[action]
    : policy.regulatorMspIds.includes(mspId)
      ? REGULATOR_ROLES[action]
      : undefined;
  if (role === undefined) {
    throw new ChaincodeError('LEDGER_ACCESS_DENIED', `organisation ${mspId} may not ${action}`, { mspId, action });
  }
  if (policy.roleAttribute !== null) {
    const roles = (ctx.clientIdentity.getAttributeValue(policy.roleAttribute) ?? '').split(',').map((r) => r.trim());
    if (!roles.includes(role)) {
      throw new ChaincodeError('LEDGER_ACCESS_DENIED', `caller lacks role ${role} needed to ${action}`, { mspId, action, role });
    }
  }
  return mspId;
}

/**
 * A maker organisation may only alter the seals it issued: with several making institutions on the
 * channel, one must not change, renew or revoke another's seals. A regulator may revoke any seal
 * (assertAllowed has already limited regulators to revocation).
 */
export function assertMayAlterSeal(
  policy: AccessPolicy,
  callerMsp: string,
  seal: { sealId: string; issuedBy: string },
  action: LedgerAction,
): void {
  if (policy.regulatorMspIds.includes(callerMsp) && !policy.makerMspIds.includes(callerMsp)) return;
  if (seal.issuedBy !== callerMsp) {
    throw new ChaincodeError(
      'LEDGER_ACCESS_DENIED',
      `organisation ${callerMsp} may not ${action} seal ${seal.sealId} issued by ${seal.issuedBy}`,
      {
        mspId: callerMsp,
        action,
        sealId: seal.sealId,
        issuedBy: seal.issuedBy,
      },
    );
  }
}
