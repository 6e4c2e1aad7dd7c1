import { SealError } from '@eseal/core';
import { isValidUscc, parseUscc, USCC_ALPHABET, USCC_WEIGHTS, usccCheckCharacter, usccProblem } from './uscc';

// Independent reference: GB 32100-2015 defines weight_i = 3^i mod 31 and C18 = 31 - (Σ mod 31), 31 → 0.
function referenceCheck(first17: string): string {
  let sum = 0;
  let weight = 1;
  for (const c of first17) {
    sum += USCC_ALPHABET.indexOf(c) * weight;
    weight = (weight * 3) % 31;
  }
  const value = 31 - (sum % 31);
  return USCC_ALPHABET[value === 31 ? 0 : value]!;
}

const BODIES = ['91120116MA05JXXU1', '12100000400000362', '51120000MJ0000000', '91120000103071899', '9211010207TJHAB0K'];
const valid = BODIES.map((b) => b + referenceCheck(b));

describe('unified social credit code (GB 32100-2015)', () => {
  it('uses the 31-character alphabet without I O Z S V, and weights 3^i mod 31', () => {
    expect(USCC_ALPHABET).toHaveLength(31);
    for (const c of 'IOZSV') expect(USCC_ALPHABET).not.toContain(c);
    expect(USCC_WEIGHTS).toEqual(Array.from({ length: 17 }, (_, i) => Number(3n ** BigInt(i) % 31n)));
  });

  it.each(valid)('accepts %s with a computed check character', (code) => {
    expect(usccCheckCharacter(code.slice(0, 17))).toBe(code[17]);
    expect(isValidUscc(code)).toBe(true);
  });

  it('splits a valid code into its parts and normalises case and spaces', () => {
    const code = valid[0]!;
    const parts = parseUscc(`  ${code.toLowerCase()} `);
    expect(parts).toEqual({
      code,
      registrationAuthority: '9',
      organisationType: '1',
      divisionCode: '120116',
      organisationCode: code.slice(8, 17),
      checkCharacter: code[17],
    });
  });

  it('rejects every wrong check character', () => {
    const code = valid[1]!;
    for (const c of USCC_ALPHABET) {
      if (c === code[17]) continue;
      expect(isValidUscc(code.slice(0, 17) + c)).toBe(false);
    }
  });

  it('rejects a transposition of two adjacent characters', () => {
    const code = valid[0]!;
    const swapped = code.slice(0, 9) + code[10] + code[9] + code.slice(11);
    expect(swapped).not.toBe(code);
    expect(usccProblem(swapped)).toBe('check character does not match');
  });

  it.each([
    ['too short', valid[0]!.slice(0, 17), 'must be 18 characters'],
    ['too long', `${valid[0]}0`, 'must be 18 characters'],
    ['letter O', `91120116MA05JXOU1${referenceCheck('91120116MA05JXXU1')}`, "character 'O' is not allowed"],
    ['letter S', `91120116SA05JXXU1${referenceCheck('91120116MA05JXXU1')}`, "character 'S' is not allowed"],
    ['lower case (unparsed)', valid[0]!.toLowerCase(), 'is not allowed'],
    ['division code with letter', '91A20116MA05JXXU10', 'administrative division code must be 6 digits starting 1-8'],
    ['division code starting 0', `91020116MA05JXXU1${referenceCheck('91020116MA05JXXU1')}`, 'administrative division code'],
  ])('rejects %s', (_label, code, problem) => {
    expect(usccProblem(code)).toContain(problem);
  });

  it('throws INVALID_USCC with the problem in details', () => {
    const bad = valid[0]!.slice(0, 17) + (valid[0]![17] === '0' ? '1' : '0');
    let caught: unknown;
    try {
      parseUscc(bad);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SealError);
    expect((caught as SealError).code).toBe('INVALID_USCC');
    expect((caught as SealError).details).toEqual({ problem: 'check character does not match' });
  });
});
