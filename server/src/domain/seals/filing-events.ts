import type { SealAction } from './audit-entry';

/**
 * Which lifecycle actions are filed (备案) with public security, and as what. Making, changing,
 * renewing and revoking a seal are filed; the steps before making are the maker's own business, and
 * expiry follows from the filed certificate validity. The filing job sends one filing per such audit entry.
 */
export const FILING_EVENTS = ['MADE', 'CHANGED', 'RENEWED', 'REVOKED'] as const;
export type FilingEvent = (typeof FILING_EVENTS)[number];

const EVENT_BY_ACTION: Readonly<Partial<Record<SealAction, FilingEvent>>> = {
  MAKE: 'MADE',
  CHANGE_CUSTODIAN: 'CHANGED',
  RENEW: 'RENEWED',
  REVOKE: 'REVOKED',
};

/** The filing an audit entry calls for, or undefined when it needs none. */
export function filingEventFor(action: SealAction): FilingEvent | undefined {
  return EVENT_BY_ACTION[action];
}
