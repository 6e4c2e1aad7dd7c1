import { SealError } from '../errors';

/** The file is not a well-formed OFD container (zip structure, XML, required parts). */
export function malformed(message: string, details?: Record<string, unknown>): SealError {
  return new SealError('OFD_MALFORMED', message, details ? { details } : {});
}

/** A size, count or ratio limit was exceeded: refused before the work is done. */
export function tooLarge(message: string, details?: Record<string, unknown>): SealError {
  return new SealError('OFD_TOO_LARGE', message, details ? { details } : {});
}

/** Content that could escape the container or expand without bound (path traversal, DOCTYPE, entities). */
export function unsafe(message: string, details?: Record<string, unknown>): SealError {
  return new SealError('OFD_UNSAFE_CONTENT', message, details ? { details } : {});
}
