import { SealError } from '@eseal/core';

/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015.
 * 18 characters: registration authority (1), organisation type (1), administrative division (6),
 * organisation code (9, GB 11714), check character (1). The alphabet leaves out I, O, Z, S, V so the
 * code cannot be misread as 1, 0, 2, 5, U.
 */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weight of position i is 3^i mod 31 (GB 32100-2015 §5). */
export const USCC_WEIGHTS: readonly number[] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export interface UsccParts {
  readonly code: string;
  readonly registrationAuthority: string;
  readonly organisationType: string;
  readonly divisionCode: string;
  readonly organisationCode: string;
  readonly checkCharacter: string;
}

/** The check character for the first 17 characters, or undefined when one is outside the alphabet. */
export function usccCheckCharacter(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(first17[i]!);
    if (value < 0) return undefined;
    sum += value * USCC_WEIGHTS[i]!;
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** Why a code is not valid, or undefined when it is. */
export function usccProblem(code: string): string | undefined {
  if (code.length !== 18) return 'must be 18 characters';
  const bad = [...code].find((c) => !USCC_ALPHABET.includes(c));
  if (bad !== undefined) return `character '${bad}' is not allowed`;
  if (!/^[1-8]\d{5}$/.test(code.slice(2, 8))) return 'administrative division code must be 6 digits starting 1-8';
  if (usccCheckCharacter(code.slice(0, 17)) !== code[17]) return 'check character does not match';
  return undefined;
}

export function isValidUscc(code: string): boolean {
  return usccProblem(code) === undefined;
}

/**
 * Validates and splits a code. Input is trimmed and upper-cased first, because codes are copied from
 * licences by hand; anything else is taken literally.
 */
export function parseUscc(input: string): UsccParts {
  const code = input.trim().toUpperCase();
  const problem = usccProblem(code);
  if (problem !== undefined) {
    throw new SealError('INVALID_USCC', `unified social credit code is invalid: ${problem}`, { details: { problem } });
  }
  return {
    code,
    registrationAuthority: code[0]!,
    organisationType: code[1]!,
    divisionCode: code.slice(2, 8),
    organisationCode: code.slice(8, 17),
    checkCharacter: code[17]!,
  };
}
