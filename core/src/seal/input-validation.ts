import { SealError } from '../errors';

/** Caller mistakes when making seal data: refused with VALIDATION_FAILED before anything is signed. */
export function invalidInput(message: string, details?: Record<string, unknown>): SealError {
  return new SealError('VALIDATION_FAILED', message, { details });
}

export function requireAscii(value: string, field: string, { nonEmpty = true } = {}): void {
  if (typeof value !== 'string' || !/^[\x20-\x7e]*$/.test(value))
    throw invalidInput(`${field} must be printable ASCII (IA5String)`, { field });
  if (nonEmpty && value.length === 0) throw invalidInput(`${field} must not be empty`, { field });
}

export function requireDate(value: Date, field: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw invalidInput(`${field} must be a valid date`, { field });
  const year = value.getUTCFullYear();
  if (year < 1 || year > 9999) throw invalidInput(`${field} is outside the GeneralizedTime range`, { field });
}

export function requirePositiveInt(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value <= 0) throw invalidInput(`${field} must be a positive integer`, { field });
}

export function requireBytes(value: Uint8Array, field: string): void {
  if (!(value instanceof Uint8Array) || value.length === 0) throw invalidInput(`${field} must be non-empty bytes`, { field });
}
