import { randomInt } from 'node:crypto';
import { SealError } from '@eseal/core';

/** The public-security seal code (印章编码) is 13 digits. */
export const SEAL_CODE_PATTERN = /^\d{13}$/;

export function assertSealCode(code: string): string {
  if (!SEAL_CODE_PATTERN.test(code)) {
    throw new SealError('VALIDATION_FAILED', 'sealCode must be the 13-digit public-security seal code', { details: { field: 'sealCode' } });
  }
  return code;
}

/**
 * Development stand-in when the applicant gives no code: the unit's 6-digit division code plus 7
 * random digits. Production codes come from the engraving record of the physical seal.
 */
export function developmentSealCode(uscc: string): string {
  return `${uscc.slice(2, 8)}${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
}
