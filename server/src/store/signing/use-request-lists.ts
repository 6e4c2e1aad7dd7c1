import { pageById, type ListPage, type PageRequest } from '../list-page';
import type { SigningStore } from './signing-store';
import type { UseRequestDoc, UseRequestState } from './use-request.model';

/** 用章审批 requests by unit, seal and state (PENDING: waiting for an approver's decision). */
export function pageUseRequests(
  signing: Pick<SigningStore, 'useRequests'>,
  filter: { unitId?: string; sealId?: string; state?: UseRequestState },
  request: PageRequest,
): Promise<ListPage<UseRequestDoc>> {
  const given = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
  return pageById(signing.useRequests, given, request);
}
