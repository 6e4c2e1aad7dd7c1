import type { Asn1Node } from '../asn1';
import { SealError } from '../errors';

/** Well-formed DER that is not the seal structure it claims to be. */
export function formatError(message: string, node?: Asn1Node): SealError {
  return new SealError('SEAL_FORMAT_INVALID', message, { details: node === undefined ? undefined : { offset: node.offset } });
}

/** Element count of a SEQUENCE, checked before any positional read so short input cannot index past the end. */
export function expectElementCount(children: readonly Asn1Node[], min: number, max: number, what: string, node: Asn1Node): void {
  if (children.length < min || children.length > max) {
    const expected = min === max ? `${min}` : `${min}-${max}`;
    throw formatError(`${what}: expected ${expected} elements, found ${children.length}`, node);
  }
}

/** Decoders are entry points for untyped callers too: anything but bytes is a caller error, not a crash. */
export function requireBytesInput(value: unknown, what: string): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new SealError('VALIDATION_FAILED', `${what} must be DER bytes`);
  return value;
}
