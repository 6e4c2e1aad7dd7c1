import { malformed, tooComplex } from './errors';
import { HEX_VALUE, WHITESPACE } from './lexer';
import { PdfDict, asInt } from './objects';

/**
 * The standard filters other than Flate (ISO 32000-1 §7.4.2–7.4.5). Writers do put xref, object and
 * content streams through them (ASCII85 around Flate for 7-bit transport, LZW from old producers),
 * and qpdf and pdf.js read them, so a file using them is no reason to refuse a seal. Every decoder
 * stops at `maxOutput` bytes: LZW and RunLength expand, and the input is attacker-controlled.
 */

function tooLarge(maxOutput: number): Error {
  return tooComplex('decoded stream exceeds the size limit', { maxDecodedBytes: maxOutput });
}

/** ASCIIHexDecode: hex pairs, whitespace ignored, `>` ends the data, an odd last digit is followed by 0. */
export function decodeAsciiHex(data: Uint8Array, maxOutput: number): Uint8Array {
  const out = new Uint8Array(Math.min(maxOutput, Math.ceil(data.length / 2)));
  let n = 0;
  let high = -1;
  for (const c of data) {
    if (c === 0x3e /* > */) break;
    if (WHITESPACE[c]) continue;
    const v = HEX_VALUE[c];
    if (v < 0) throw malformed('bad character in ASCIIHex data', { byte: c });
    if (high < 0) {
      high = v;
      continue;
    }
    if (n >= out.length) throw tooLarge(maxOutput);
    out[n++] = (high << 4) | v;
    high = -1;
  }
  if (high >= 0) {
    if (n >= out.length) throw tooLarge(maxOutput);
    out[n++] = high << 4;
  }
  return out.subarray(0, n);
}

/** ASCII85Decode: base-85 groups of five, `z` for four zero bytes, `~>` ends the data. */
export function decodeAscii85(data: Uint8Array, maxOutput: number): Uint8Array {
  const chunks: number[] = [];
  const out = new Uint8Array(Math.min(maxOutput, Math.ceil((data.length * 4) / 5) + 4 * countZ(data)));
  let n = 0;
  const emit = (bytes: number) => {
    if (n + bytes > out.length) throw tooLarge(maxOutput);
    let value = 0;
    for (let i = 0; i < 5; i++) value = value * 85 + (chunks[i] ?? 84);
    if (value > 0xffffffff) throw malformed('ASCII85 group out of range');
    for (let i = 0; i < bytes; i++) out[n++] = (value >>> (24 - 8 * i)) & 0xff;
    chunks.length = 0;
  };
  for (let i = 0; i < data.length; i++) {
    const c = data[i];
    if (WHITESPACE[c]) continue;
    if (c === 0x7e /* ~ */) break; // "~>" is the end-of-data marker
    if (c === 0x7a /* z */ && chunks.length === 0) {
      if (n + 4 > out.length) throw tooLarge(maxOutput);
      n += 4; // out is zero-filled
      continue;
    }
    if (c < 0x21 || c > 0x75) throw malformed('bad character in ASCII85 data', { byte: c });
    chunks.push(c - 0x21);
    if (chunks.length === 5) emit(4);
  }
  if (chunks.length === 1) throw malformed('ASCII85 data ends with a lone character');
  if (chunks.length > 1) emit(chunks.length - 1);
  return out.subarray(0, n);
}

function countZ(data: Uint8Array): number {
  let z = 0;
  for (const c of data) if (c === 0x7a) z++;
  return z;
}

/** RunLengthDecode: a length byte 0–127 copies the next n+1 bytes, 129–255 repeats one byte 257−n times, 128 ends. */
export function decodeRunLength(data: Uint8Array, maxOutput: number): Uint8Array {
  const parts = new Growing(maxOutput);
  let p = 0;
  while (p < data.length) {
    const length = data[p++];
    if (length === 128) break;
    if (length < 128) {
      const end = Math.min(data.length, p + length + 1);
      parts.pushRange(data, p, end);
      p = end;
    } else if (p < data.length) {
      parts.pushRepeat(data[p++], 257 - length);
    }
  }
  return parts.result();
}

/** LZWDecode: variable 9–12 bit codes, 256 clears the table, 257 ends; /EarlyChange defaults to 1. */
export function decodeLzw(data: Uint8Array, params: PdfDict | undefined, maxOutput: number): Uint8Array {
  const early = (params && asInt(params.get('EarlyChange'))) ?? 1;
  const out = new Growing(maxOutput);
  // The dictionary as (prefix code, last byte, length) triples: entries never need copying.
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  const lengths = new Uint16Array(4096);
  for (let i = 0; i < 256; i++) {
    prefix[i] = -1;
    suffix[i] = i;
    lengths[i] = 1;
  }
  let next = 258;
  let width = 9;
  let previous = -1;
  let bits = 0;
  let bitCount = 0;
  const scratch = new Uint8Array(4096);
  const expand = (code: number): number => {
    // Writes the string for `code` into scratch, returns its length.
    const length = lengths[code];
    for (let i = length - 1, c = code; i >= 0; i--, c = prefix[c]) scratch[i] = suffix[c];
    return length;
  };
  for (let p = 0; p < data.length || bitCount >= width;) {
    while (bitCount < width && p < data.length) {
      bits = ((bits << 8) | data[p++]) & 0xffffff;
      bitCount += 8;
    }
    if (bitCount < width) break;
    const code = (bits >>> (bitCount - width)) & ((1 << width) - 1);
    bitCount -= width;
    if (code === 256) {
      next = 258;
      width = 9;
      previous = -1;
      continue;
    }
    if (code === 257) break;
    let length: number;
    if (code < next && (code < 256 || lengths[code] > 0)) {
      length = expand(code);
      if (previous >= 0 && next < 4096) addEntry(previous, scratch[0]);
    } else if (code === next && previous >= 0) {
      // The KwKwK case: the new string is the previous one plus its own first byte.
      expand(previous);
      addEntry(previous, scratch[0]);
      length = expand(code);
    } else {
      throw malformed('bad LZW code', { code });
    }
    out.pushRange(scratch, 0, length);
    previous = code;
    if (next + early >= 1 << width && width < 12) width++;
  }
  return out.result();

  function addEntry(prefixCode: number, byte: number): void {
    prefix[next] = prefixCode;
    suffix[next] = byte;
    lengths[next] = lengths[prefixCode] + 1;
    next++;
  }
}

/** An output buffer that doubles as needed and refuses to grow past the limit. */
class Growing {
  private buffer = new Uint8Array(1024);
  private length = 0;

  constructor(private readonly max: number) {}

  private reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed > this.max) throw tooLarge(this.max);
    if (needed <= this.buffer.length) return;
    const grown = new Uint8Array(Math.min(this.max, Math.max(needed, this.buffer.length * 2)));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  pushRange(source: Uint8Array, start: number, end: number): void {
    this.reserve(end - start);
    this.buffer.set(source.subarray(start, end), this.length);
    this.length += end - start;
  }

  pushRepeat(byte: number, count: number): void {
    this.reserve(count);
    this.buffer.fill(byte, this.length, this.length + count);
    this.length += count;
  }

  result(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}
