import { SealError } from '@eseal/core';
import { hasRole, type Caller, type Role } from './caller';
import { CLIENT_CLASS_OPERATIONS, OPERATIONS, type Operation } from './operations';

/** What an operation touches, so unit-scoped callers can be held to their own unit. */
export interface ResourceScope {
  unitId?: string;
  /** Person ids allowed to act on a specific seal (custodians, the holder of a position seal). */
  actingPersonIds?: readonly string[];
}

/** Roles whose reach is the whole city (public security, makers, auditors): no unit restriction. */
const CITY_WIDE_ROLES: readonly Role[] = ['PUBLIC_SECURITY_ADMIN', 'SEAL_MAKER_OPERATOR', 'AUDITOR'];

export function isAllowed(caller: Caller, operation: Operation, scope: ResourceScope = {}): boolean {
  const roles: readonly Role[] = OPERATIONS[operation];
  const matching = caller.roles.filter((r) => roles.includes(r));
  if (matching.length === 0) return false;

  if (caller.kind === 'api-client') {
    // A key works only for what its class may do (第十八条), what it was scoped to, and its units.
    if (!caller.clientClass || !CLIENT_CLASS_OPERATIONS[caller.clientClass].includes(operation)) return false;
    if (caller.scopes && !caller.scopes.includes(operation)) return false;
    if (scope.unitId !== undefined && !(caller.unitIds ?? []).includes(scope.unitId)) return false;
    return true;
  }

  if (matching.some((r) => CITY_WIDE_ROLES.includes(r))) return true;
  // Unit-scoped people: their own unit only, and for a given seal only if they are named on it.
  if (scope.unitId !== undefined && caller.unitId !== scope.unitId) return false;
  if (scope.actingPersonIds && (operation === 'document.sign' || operation === 'seal.pin.change')) {
    return caller.personId !== undefined && scope.actingPersonIds.includes(caller.personId);
  }
  return true;
}

export function assertAllowed(caller: Caller, operation: Operation, scope: ResourceScope = {}): void {
  if (caller.kind === 'system') return;
  if (!isAllowed(caller, operation, scope)) {
    // Do not say whether the resource exists: a cross-unit probe learns nothing.
    throw new SealError('FORBIDDEN', `not allowed to ${operation}`, { details: { operation } });
  }
}

export { hasRole };
