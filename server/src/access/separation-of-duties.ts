import { SealError } from '@eseal/core';
import type { Role } from './caller';

/**
 * 第十六条: using an official seal needs an approval by someone other than the person who keeps and
 * applies it. The account side of that rule: who keeps a seal and who approves its use must be
 * different, identifiable people.
 */
export type SeparationRule =
  | 'CUSTODIAN_AND_APPROVER' // one account holding both roles of the same unit
  | 'PERSON_REQUIRED' // a custodian, approver or holder account names no person
  | 'PERSON_NOT_IN_UNIT' // the named person is not a person of the account's unit
  | 'PERSON_ALREADY_BOUND' // the person already has an active account
  | 'APPROVER_IS_REQUESTER' // an account approving its own use request
  | 'APPROVER_IS_CUSTODIAN'; // the seal's custodian approving use of that seal

export function separationRefusal(rule: SeparationRule, message: string, details: Record<string, unknown> = {}): SealError {
  return new SealError('SEPARATION_OF_DUTIES', message, { details: { rule, ...details } });
}

/** Roles acted out by a named person: the approval and signing checks compare people. */
const PERSON_ROLES: readonly Role[] = ['SEAL_CUSTODIAN', 'APPROVER', 'POSITION_SEAL_HOLDER'];

export function assertSeparatedRoles(roles: readonly Role[], personId: string | undefined): void {
  if (roles.includes('SEAL_CUSTODIAN') && roles.includes('APPROVER')) {
    throw separationRefusal('CUSTODIAN_AND_APPROVER', 'one account cannot both keep seals and approve their use');
  }
  if (personId === undefined && roles.some((r) => PERSON_ROLES.includes(r))) {
    throw separationRefusal('PERSON_REQUIRED', 'custodian, approver and position-seal holder accounts must name their person (personId)');
  }
}
