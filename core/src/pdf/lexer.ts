/** Byte classes from ISO 32000-1 §7.2.2: the whole tokenizer is built on these two tables. */
export const WHITESPACE = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) WHITESPACE[c] = 1;

export const DELIMITER = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIMITER[c.charCodeAt(0)] = 1;

/** The value of a hex digit, or -1 for any other byte. */
export const HEX_VALUE = new Int8Array(256).fill(-1);
for (let i = 0; i < 16; i++) HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = HEX_VALUE['0123456789ABCDEF'.charCodeAt(i)] = i;

export function isRegular(c: number): boolean {
  return WHITESPACE[c] === 0 && DELIMITER[c] === 0;
}

export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Skips whitespace and comments; returns the new position. */
export function skipWhitespace(bytes: Uint8Array, pos: number): number {
  const n = bytes.length;
  while (pos < n) {
    const c = bytes[pos];
    if (WHITESPACE[c]) {
      pos++;
    } else if (c === 0x25 /* % */) {
      while (pos < n && bytes[pos] !== 0x0a && bytes[pos] !== 0x0d) pos++;
    } else {
      break;
    }
  }
  return pos;
}

/** Reads a run of regular characters (a keyword or number) as latin1 text. */
export function readToken(bytes: Uint8Array, pos: number): { token: string; end: number } {
  let end = pos;
  while (end < bytes.length && isRegular(bytes[end])) end++;
  return { token: latin1(bytes, pos, end), end };
}

export function latin1(bytes: Uint8Array, start: number, end: number): string {
  // Tokens are mostly a few bytes: building those directly is cheaper than a Buffer view each.
  if (end - start <= SHORT_TOKEN) {
    let text = '';
    for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]);
    return text;
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}

const SHORT_TOKEN = 16;

/** Reads an unsigned decimal integer at pos (no sign), or undefined if none. */
export function readUnsigned(bytes: Uint8Array, pos: number): { value: number; end: number } | undefined {
  let end = pos;
  let value = 0;
  while (end < bytes.length && isDigit(bytes[end])) {
    value = value * 10 + (bytes[end] - 0x30);
    end++;
    if (end - pos > 15) return undefined; // beyond safe integers: never a valid offset or object number
  }
  if (end === pos) return undefined;
  return { value, end };
}

/** Finds the last occurrence of an ASCII needle that starts before `before`. */
export function lastIndexOf(bytes: Uint8Array, needle: string, before: number, notBefore = 0): number {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const at = buf.lastIndexOf(needle, before, 'latin1');
  return at >= notBefore ? at : -1;
}

export function indexOf(bytes: Uint8Array, needle: string, from: number): number {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  return buf.indexOf(needle, from, 'latin1');
}
