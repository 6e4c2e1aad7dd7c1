import type { SealAction } from './audit-entry';
import { filingEventFor } from './filing-events';

describe('filing events', () => {
  it('files making, changes, renewals and revocations', () => {
    expect(filingEventFor('MAKE')).toBe('MADE');
    expect(filingEventFor('CHANGE_CUSTODIAN')).toBe('CHANGED');
    expect(filingEventFor('RENEW')).toBe('RENEWED');
    expect(filingEventFor('REVOKE')).toBe('REVOKED');
  });

  it.each<SealAction>(['SUBMIT', 'APPROVE', 'REJECT', 'FILE', 'ACTIVATE', 'EXPIRE'])('files nothing for %s', (action) => {
    expect(filingEventFor(action)).toBeUndefined();
  });
});
