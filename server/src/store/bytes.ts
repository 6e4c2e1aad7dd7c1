/**
 * Bytes of a stored binary field. `.lean()` hands Buffer fields back as the driver's Binary, whose
 * `.buffer` holds the bytes; hydrated documents give a Buffer. Use this instead of guessing.
 */
export function bytesOf(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value);
  const inner = (value as { buffer?: unknown } | null)?.buffer;
  if (inner instanceof Uint8Array) return new Uint8Array(inner);
  throw new TypeError('not a stored binary value');
}
