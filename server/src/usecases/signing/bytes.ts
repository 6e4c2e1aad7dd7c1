/**
 * Binary fields read with lean() arrive as BSON Binary, not Buffer (and as Buffer from hydrated
 * documents): accept either, copy into a plain Uint8Array.
 */
export function storedBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value);
  const binary = value as { buffer?: unknown; value?: () => unknown } | null;
  if (binary && binary.buffer instanceof Uint8Array) return new Uint8Array(binary.buffer);
  throw new TypeError('stored field is not binary data');
}
