import { SealError } from '@eseal/core';

/**
 * Resident identity card number (公民身份号码), GB 11643-1999: 6-digit address code, 8-digit birth
 * date YYYYMMDD, 3-digit sequence (odd for men), and an ISO 7064 MOD 11-2 check character (0-9 or X).
 * The 15-digit first-generation number is not accepted: those cards stopped being valid in 2013.
 */
export const RESIDENT_ID_WEIGHTS: readonly number[] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

export interface ResidentIdParts {
  readonly id: string;
  readonly addressCode: string;
  /** ISO date, YYYY-MM-DD. */
  readonly birthDate: string;
  readonly sequence: string;
  readonly sex: 'M' | 'F';
}

/** ISO 7064 MOD 11-2 check character for the first 17 digits. */
export function residentIdCheckCharacter(first17: string): string | undefined {
  if (!/^\d{17}$/.test(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * RESIDENT_ID_WEIGHTS[i]!;
  const value = (12 - (sum % 11)) % 11;
  return value === 10 ? 'X' : String(value);
}

function birthDateProblem(yyyymmdd: string, now: Date): string | undefined {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 0230 over into March, so a round trip catches impossible days.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return 'birth date is not a calendar date';
  }
  if (year < 1900) return 'birth date is before 1900';
  if (date.getTime() > now.getTime()) return 'birth date is in the future';
  return undefined;
}

/** Why a number is not valid, or undefined when it is. `now` bounds the birth date. */
export function residentIdProblem(id: string, now: Date = new Date()): string | undefined {
  if (!/^\d{17}[\dX]$/.test(id)) return 'must be 17 digits followed by a digit or X';
  if (!/^[1-8]/.test(id)) return 'address code must start with 1-8';
  const dateProblem = birthDateProblem(id.slice(6, 14), now);
  if (dateProblem !== undefined) return dateProblem;
  if (residentIdCheckCharacter(id.slice(0, 17)) !== id[17]) return 'check character does not match';
  return undefined;
}

export function isValidResidentId(id: string, now: Date = new Date()): boolean {
  return residentIdProblem(id, now) === undefined;
}

/** Validates and splits a number; a lower-case x is accepted as X because people type it that way. */
export function parseResidentId(input: string, now: Date = new Date()): ResidentIdParts {
  const id = input.trim().toUpperCase();
  const problem = residentIdProblem(id, now);
  if (problem !== undefined) {
    // The number itself stays out of the error: it is personal data and errors end up in logs.
    throw new SealError('INVALID_RESIDENT_ID', `resident ID number is invalid: ${problem}`, { details: { problem } });
  }
  const birth = id.slice(6, 14);
  return {
    id,
    addressCode: id.slice(0, 6),
    birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
    sequence: id.slice(14, 17),
    sex: Number(id[16]) % 2 === 1 ? 'M' : 'F',
  };
}
