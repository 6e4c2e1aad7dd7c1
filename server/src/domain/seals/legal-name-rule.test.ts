import { SealError } from '@eseal/core';
import { assertLegalNameSealAvailable, type ExistingSeal } from './legal-name-rule';

const seal = (sealId: string, kind: ExistingSeal['kind'], status: ExistingSeal['status']): ExistingSeal => ({ sealId, kind, status });

describe('one legal-name seal per unit', () => {
  it('allows the first legal-name seal and any number of business seals', () => {
    const unit = [seal('c1', 'CONTRACT', 'ACTIVE'), seal('c2', 'CONTRACT', 'ACTIVE'), seal('l0', 'LEGAL_NAME', 'REVOKED')];
    expect(() => assertLegalNameSealAvailable('LEGAL_NAME', unit)).not.toThrow();
    expect(() => assertLegalNameSealAvailable('CONTRACT', unit)).not.toThrow();
  });

  it.each(['SUBMITTED', 'APPROVED', 'MADE', 'FILED', 'ACTIVE'] as const)('refuses a second one while another is %s', (status) => {
    try {
      assertLegalNameSealAvailable('LEGAL_NAME', [seal('l1', 'LEGAL_NAME', status)]);
      throw new Error('expected a SealError');
    } catch (error) {
      expect(error).toBeInstanceOf(SealError);
      expect((error as SealError).code).toBe('DUPLICATE_LEGAL_NAME_SEAL');
      expect((error as SealError).details).toEqual({ existingSealId: 'l1', existingStatus: status });
    }
  });

  it.each(['REJECTED', 'REVOKED', 'EXPIRED'] as const)('does not count a %s one', (status) => {
    expect(() => assertLegalNameSealAvailable('LEGAL_NAME', [seal('l1', 'LEGAL_NAME', status)])).not.toThrow();
  });

  it('lets a name change re-issue the seal it replaces, but not alongside a third', () => {
    const unit = [seal('l1', 'LEGAL_NAME', 'ACTIVE')];
    expect(() => assertLegalNameSealAvailable('LEGAL_NAME', unit, { replacingSealId: 'l1' })).not.toThrow();
    const withPending = [...unit, seal('l2', 'LEGAL_NAME', 'SUBMITTED')];
    expect(() => assertLegalNameSealAvailable('LEGAL_NAME', withPending, { replacingSealId: 'l1' })).toThrow(SealError);
  });
});
