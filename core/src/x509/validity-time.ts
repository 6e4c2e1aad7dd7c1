import { der } from '../asn1';
import { SealError } from '../errors';

/**
 * RFC 5280 4.1.2.5: UTCTime for dates from 1950 through 2049, GeneralizedTime otherwise.
 * DER times have whole seconds, so callers should compare against truncateToSeconds(date).
 */
export function encodeCertificateTime(date: Date): Uint8Array {
  if (Number.isNaN(date.getTime())) throw new SealError('VALIDATION_FAILED', 'invalid date');
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) throw new SealError('VALIDATION_FAILED', `year ${year} cannot be encoded`);
  return year >= 1950 && year <= 2049 ? der.utcTime(date) : der.generalizedTime(date);
}

export function truncateToSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
