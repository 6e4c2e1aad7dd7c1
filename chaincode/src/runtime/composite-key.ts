/** Fabric's composite-key encoding, byte for byte as fabric-shim builds it. */
const SEPARATOR = '\u0000';
export const MAX_UNICODE_RUNE = '\u{10ffff}';
/** fabric-shim substitutes this for an empty range start so simple-key ranges skip composite keys. */
export const EMPTY_KEY_SUBSTITUTE = '\u0001';

export function createCompositeKey(objectType: string, attributes: readonly string[]): string {
  assertPart(objectType);
  let key = SEPARATOR + objectType + SEPARATOR;
  for (const attribute of attributes) {
    assertPart(attribute);
    key += attribute + SEPARATOR;
  }
  return key;
}

export function splitCompositeKey(compositeKey: string): { objectType: string | null; attributes: string[] } {
  if (!compositeKey.startsWith(SEPARATOR)) return { objectType: null, attributes: [] };
  const parts = compositeKey.slice(1, -1).split(SEPARATOR);
  return { objectType: parts[0] ?? null, attributes: parts.slice(1) };
}

export function isCompositeKey(key: string): boolean {
  return key.startsWith(SEPARATOR);
}

/** The key space a key lives in: a composite key's object type, or '' for simple keys. */
export function keySpaceOf(key: string): string {
  if (!key.startsWith(SEPARATOR)) return '';
  const end = key.indexOf(SEPARATOR, 1);
  return end < 0 ? key.slice(1) : key.slice(1, end);
}

function assertPart(part: string): void {
  if (part.includes(SEPARATOR) || part.includes(MAX_UNICODE_RUNE)) {
    throw new Error(`composite key parts may not contain U+0000 or U+10FFFF: ${JSON.stringify(part)}`);
  }
}
