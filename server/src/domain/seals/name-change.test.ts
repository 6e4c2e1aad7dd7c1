import { SealError } from '@eseal/core';
import { planNameChange } from './name-change';

describe('name change = re-issue + revoke', () => {
  it('re-issues the same kind and revokes the old seal as PHYSICAL_SEAL_RETIRED', () => {
    const plan = planNameChange({ sealId: 'l1', kind: 'LEGAL_NAME', status: 'ACTIVE', name: '天津甲公司' }, ' 天津乙公司 ');
    expect(plan).toEqual({
      reissue: { kind: 'LEGAL_NAME', replacingSealId: 'l1', newName: '天津乙公司' },
      revokeOld: { sealId: 'l1', reason: 'PHYSICAL_SEAL_RETIRED' },
    });
  });

  it('refuses a seal that is not active, and a name that does not change', () => {
    expect(() => planNameChange({ sealId: 'l1', kind: 'LEGAL_NAME', status: 'REVOKED', name: 'a' }, 'b')).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }) as unknown as SealError,
    );
    expect(() => planNameChange({ sealId: 'l1', kind: 'LEGAL_NAME', status: 'ACTIVE', name: '天津甲公司' }, '天津甲公司')).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }) as unknown as SealError,
    );
  });
});
