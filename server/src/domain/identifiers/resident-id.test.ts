import { SealError } from '@eseal/core';
import { isValidResidentId, parseResidentId, residentIdCheckCharacter, residentIdProblem } from './resident-id';

// Independent reference: ISO 7064 MOD 11-2 weights are 2^(17-i) mod 11; check = (12 - Σ mod 11) mod 11, 10 → X.
function referenceCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const value = (12 - (sum % 11)) % 11;
  return value === 10 ? 'X' : String(value);
}

const NOW = new Date('2026-11-23T00:00:00Z');
const withCheck = (first17: string) => first17 + referenceCheck(first17);

describe('resident ID number (GB 11643-1999)', () => {
  it('computes the same check characters as the reference, including X', () => {
    const bodies = ['11010519491231002', '12010419900307123', '12010119851111002', '44030420000229003'];
    const checks = bodies.map((b) => residentIdCheckCharacter(b));
    expect(checks).toEqual(bodies.map(referenceCheck));
    // The standard's own worked example ends in X.
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
  });

  it('finds a body whose check character is X and accepts it (lower-case x too)', () => {
    let id = '';
    for (let seq = 100; seq < 200 && id === ''; seq++) {
      const candidate = withCheck(`12010419900307${seq}`);
      if (candidate.endsWith('X')) id = candidate;
    }
    expect(id).toMatch(/X$/);
    expect(isValidResidentId(id, NOW)).toBe(true);
    expect(parseResidentId(id.toLowerCase(), NOW).id).toBe(id);
  });

  it('parses address code, birth date, sequence and sex', () => {
    const id = withCheck('12010419900307123');
    expect(parseResidentId(id, NOW)).toEqual({
      id,
      addressCode: '120104',
      birthDate: '1990-03-07',
      sequence: '123',
      sex: 'M',
    });
    expect(parseResidentId(withCheck('12010419900307124'), NOW).sex).toBe('F');
  });

  it('accepts 29 February in a leap year', () => {
    expect(isValidResidentId(withCheck('44030420000229003'), NOW)).toBe(true);
  });

  it.each([
    ['15-digit first generation number', '120104900307123', 'must be 17 digits'],
    ['letter inside', '1201041990A307123X', 'must be 17 digits'],
    ['address code starting 0', withCheck('02010419900307123'), 'address code'],
    ['30 February', withCheck('12010419900230123'), 'not a calendar date'],
    ['29 February in 1900 (not leap)', withCheck('12010419000229123'), 'not a calendar date'],
    ['month 13', withCheck('12010419901301123'), 'not a calendar date'],
    ['born before 1900', withCheck('12010418991231123'), 'before 1900'],
    ['born in the future', withCheck('12010420270101123'), 'in the future'],
  ])('rejects %s', (_label, id, problem) => {
    expect(residentIdProblem(id, NOW)).toContain(problem);
  });

  it('rejects every wrong check character', () => {
    const id = withCheck('12010419900307123');
    for (const c of '0123456789X') {
      if (c !== id[17]) expect(residentIdProblem(id.slice(0, 17) + c, NOW)).toBe('check character does not match');
    }
  });

  it('throws INVALID_RESIDENT_ID without echoing the number', () => {
    const id = withCheck('12010419900307123');
    const bad = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    try {
      parseResidentId(bad, NOW);
      throw new Error('expected a SealError');
    } catch (error) {
      expect(error).toBeInstanceOf(SealError);
      expect((error as SealError).code).toBe('INVALID_RESIDENT_ID');
      expect(JSON.stringify((error as SealError).details)).not.toContain(bad.slice(0, 17));
      expect((error as SealError).message).not.toContain(bad.slice(0, 17));
    }
  });
});
