import { SealError } from '@eseal/core';
import { NAME_CHANGE_REVOCATION_REASON, parseRevocationReason, REVOCATION_REASON_CODES, REVOCATION_REASONS } from './revocation-reasons';

describe('revocation reasons (第二十一条)', () => {
  it('is the closed list of five', () => {
    expect(REVOCATION_REASON_CODES).toEqual([
      'UNIT_DISSOLVED',
      'PHYSICAL_SEAL_RETIRED',
      'ESEAL_RETIRED',
      'KEY_LEAKED',
      'SEAL_LOST_OR_STOLEN',
    ]);
  });

  it('always asks for the revocation application plus a reason-specific material', () => {
    for (const code of REVOCATION_REASON_CODES) {
      const { materials } = REVOCATION_REASONS[code];
      expect(materials[0]).toBe('REVOCATION_APPLICATION');
      expect(materials.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('marks the reasons under which the key may be in other hands', () => {
    expect(REVOCATION_REASON_CODES.filter((c) => REVOCATION_REASONS[c].keyCompromised)).toEqual(['KEY_LEAKED', 'SEAL_LOST_OR_STOLEN']);
  });

  it('maps a name change to the retirement of the physical seal', () => {
    expect(NAME_CHANGE_REVOCATION_REASON).toBe('PHYSICAL_SEAL_RETIRED');
  });

  it.each(['key_leaked', 'OTHER', '', 5, null])('refuses %p with INVALID_REVOCATION_REASON', (value) => {
    expect(() => parseRevocationReason(value)).toThrow(SealError);
    try {
      parseRevocationReason(value);
    } catch (error) {
      expect((error as SealError).code).toBe('INVALID_REVOCATION_REASON');
    }
  });
});
