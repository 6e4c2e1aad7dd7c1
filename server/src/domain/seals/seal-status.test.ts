import { SealError } from '@eseal/core';
import { ALLOWED_TRANSITIONS, assertTransition, canTransition, isFinalStatus, SEAL_STATUSES } from './seal-status';

describe('seal status transitions', () => {
  it('follows the making path SUBMITTED → APPROVED → MADE → FILED → ACTIVE', () => {
    expect(canTransition('SUBMITTED', 'APPROVED')).toBe(true);
    expect(canTransition('APPROVED', 'MADE')).toBe(true);
    expect(canTransition('MADE', 'FILED')).toBe(true);
    expect(canTransition('FILED', 'ACTIVE')).toBe(true);
  });

  it('refuses shortcuts and revivals', () => {
    expect(canTransition('SUBMITTED', 'ACTIVE')).toBe(false);
    expect(canTransition('APPROVED', 'ACTIVE')).toBe(false);
    expect(canTransition('MADE', 'ACTIVE')).toBe(false);
    expect(canTransition('REVOKED', 'ACTIVE')).toBe(false);
    expect(canTransition('EXPIRED', 'ACTIVE')).toBe(false);
    expect(canTransition('SUBMITTED', 'REVOKED')).toBe(false);
  });

  it('treats REJECTED, REVOKED and EXPIRED as final', () => {
    expect(SEAL_STATUSES.filter(isFinalStatus)).toEqual(['REJECTED', 'REVOKED', 'EXPIRED']);
  });

  it('only names known statuses as targets', () => {
    for (const targets of Object.values(ALLOWED_TRANSITIONS)) for (const t of targets) expect(SEAL_STATUSES).toContain(t);
  });

  it('throws INVALID_TRANSITION with from and to', () => {
    try {
      assertTransition('REVOKED', 'ACTIVE', 'seal-9');
      throw new Error('expected a SealError');
    } catch (error) {
      expect(error).toBeInstanceOf(SealError);
      expect((error as SealError).code).toBe('INVALID_TRANSITION');
      expect((error as SealError).details).toMatchObject({ from: 'REVOKED', to: 'ACTIVE', sealId: 'seal-9', allowed: [] });
    }
  });
});
