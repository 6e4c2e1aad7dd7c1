import { SealError } from '@eseal/core';
import type { Request } from 'express';
import { assertAllowed, setCaller, type Caller } from '../../../server/src/access';
import type { RouteGuard } from '../../../server/src/http/api-router';

/**
 * TEST ONLY. Stands in for authentication until it lands: the caller arrives as JSON in the
 * x-test-caller header and the route's operation is checked with the real policy, exactly as the
 * production guard will. Never wired into production code.
 */
export const TEST_CALLER_HEADER = 'x-test-caller';

export const testCallerGuard: RouteGuard = {
  async admit(req: Request, _res, access) {
    const raw = req.header(TEST_CALLER_HEADER);
    if (raw !== undefined) setCaller(req, JSON.parse(raw) as Caller);
    if (access.public) return;
    if (raw === undefined) throw new SealError('UNAUTHENTICATED', 'authentication required');
    assertAllowed(JSON.parse(raw) as Caller, access.operation!);
  },
};

export function callerHeader(caller: Caller): Record<string, string> {
  return { [TEST_CALLER_HEADER]: JSON.stringify(caller) };
}

export const MAKER: Caller = { id: 'maker-op-1', kind: 'person', roles: ['SEAL_MAKER_OPERATOR'] };
export const PUBLIC_SECURITY: Caller = { id: 'ps-1', kind: 'person', roles: ['PUBLIC_SECURITY_ADMIN'] };
export function unitAdmin(unitId: string): Caller {
  return { id: `admin-${unitId}`, kind: 'person', roles: ['UNIT_ADMIN'], unitId };
}
