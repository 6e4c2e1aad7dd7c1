import { SealError } from '../errors';

/** Shorthand for the two codes every reader path raises: the input is broken, or too costly to read. */
export function malformed(message: string, details?: Record<string, unknown>, cause?: unknown): SealError {
  return new SealError('PDF_MALFORMED', message, { details, cause });
}

export function tooComplex(message: string, details?: Record<string, unknown>): SealError {
  return new SealError('PDF_TOO_COMPLEX', message, { details });
}
