import { malformed, tooComplex } from './errors';
import { WHITESPACE, isDigit, isRegular, latin1, readToken, readUnsigned, skipWhitespace, indexOf } from './lexer';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, PdfValue, asInt } from './objects';

/**
 * Parses PDF values from a byte buffer. The input is attacker-controlled: every recursion is
 * depth-limited and every error is a coded SealError with the offset.
 */
export class PdfParser {
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    pos: number,
    private readonly maxDepth: number,
  ) {
    this.pos = pos;
  }

  parseValue(depth = 0): PdfValue {
    if (depth > this.maxDepth) throw tooComplex('PDF objects nested too deeply', { offset: this.pos, maxDepth: this.maxDepth });
    const bytes = this.bytes;
    this.pos = skipWhitespace(bytes, this.pos);
    if (this.pos >= bytes.length) throw malformed('unexpected end of data', { offset: this.pos });
    const c = bytes[this.pos];
    switch (c) {
      case 0x2f: // /
        return this.parseName();
      case 0x28: // (
        return this.parseLiteralString();
      case 0x5b: // [
        return this.parseArray(depth);
      case 0x3c: // <
        if (bytes[this.pos + 1] === 0x3c) return this.parseDict(depth);
        return this.parseHexString();
      default:
        break;
    }
    if (isDigit(c) || c === 0x2b || c === 0x2d || c === 0x2e) return this.parseNumberOrRef();
    const { token, end } = readToken(bytes, this.pos);
    if (token === 'true' || token === 'false' || token === 'null') {
      this.pos = end;
      return token === 'null' ? null : token === 'true';
    }
    throw malformed(`unexpected token ${JSON.stringify(token.slice(0, 20) || String.fromCharCode(c))}`, { offset: this.pos });
  }

  private parseNumberOrRef(): number | PdfRef {
    const bytes = this.bytes;
    const start = this.pos;
    let end = start;
    while (end < bytes.length && (isDigit(bytes[end]) || bytes[end] === 0x2e || bytes[end] === 0x2b || bytes[end] === 0x2d)) end++;
    const unsigned = readUnsigned(bytes, start);
    if (unsigned && unsigned.end === end) {
      // Plain digits (object numbers, lengths, offsets): no text, no regular expressions.
      this.pos = end;
      return this.tryRefTail(unsigned.value) ?? unsigned.value;
    }
    const text = latin1(bytes, start, end);
    // Tolerate the doubled signs some writers emit ("--5"); reject anything else unparsable.
    const value = Number(text.replace(/^[+-]+(?=[+-])/, ''));
    if (!Number.isFinite(value)) throw malformed(`bad number ${JSON.stringify(text.slice(0, 20))}`, { offset: start });
    this.pos = end;
    if (Number.isInteger(value) && value >= 0 && /^\d+$/.test(text)) {
      const ref = this.tryRefTail(value);
      if (ref) return ref;
    }
    return value;
  }

  /** After an unsigned integer: "gen R" makes it a reference; otherwise leave the position alone. */
  private tryRefTail(num: number): PdfRef | undefined {
    const bytes = this.bytes;
    let p = skipWhitespace(bytes, this.pos);
    const gen = readUnsigned(bytes, p);
    if (!gen) return undefined;
    p = skipWhitespace(bytes, gen.end);
    if (bytes[p] !== 0x52 /* R */) return undefined;
    if (p + 1 < bytes.length && isRegular(bytes[p + 1])) return undefined;
    this.pos = p + 1;
    return new PdfRef(num, gen.value);
  }

  private parseName(): PdfName {
    const bytes = this.bytes;
    let p = this.pos + 1;
    // Each byte is one latin1 character: names are short, so the string is built directly.
    let name = '';
    while (p < bytes.length && isRegular(bytes[p])) {
      const c = bytes[p];
      if (c === 0x23 /* # */ && p + 2 < bytes.length && isHex(bytes[p + 1]) && isHex(bytes[p + 2])) {
        name += String.fromCharCode(hexValue(bytes[p + 1]) * 16 + hexValue(bytes[p + 2]));
        p += 3;
      } else {
        name += String.fromCharCode(c);
        p++;
      }
    }
    this.pos = p;
    return new PdfName(name);
  }

  private parseLiteralString(): PdfString {
    const bytes = this.bytes;
    let p = this.pos + 1;
    let nesting = 1;
    const out: number[] = [];
    while (p < bytes.length) {
      const c = bytes[p++];
      if (c === 0x5c /* \ */) {
        if (p >= bytes.length) break;
        const e = bytes[p++];
        switch (e) {
          case 0x6e:
            out.push(0x0a);
            break; // n
          case 0x72:
            out.push(0x0d);
            break; // r
          case 0x74:
            out.push(0x09);
            break; // t
          case 0x62:
            out.push(0x08);
            break; // b
          case 0x66:
            out.push(0x0c);
            break; // f
          case 0x0d:
            if (bytes[p] === 0x0a) p++;
            break; // line continuation
          case 0x0a:
            break;
          default:
            if (e >= 0x30 && e <= 0x37) {
              let v = e - 0x30;
              for (let i = 0; i < 2 && p < bytes.length && bytes[p] >= 0x30 && bytes[p] <= 0x37; i++) v = v * 8 + (bytes[p++] - 0x30);
              out.push(v & 0xff);
            } else {
              out.push(e); // \( \) \\ and unknown escapes keep the character
            }
        }
      } else if (c === 0x28) {
        nesting++;
        out.push(c);
      } else if (c === 0x29) {
        if (--nesting === 0) {
          this.pos = p;
          return new PdfString(Uint8Array.from(out), false);
        }
        out.push(c);
      } else if (c === 0x0d) {
        // An unescaped end-of-line is read as a single LF (§7.3.4.2).
        if (bytes[p] === 0x0a) p++;
        out.push(0x0a);
      } else {
        out.push(c);
      }
    }
    throw malformed('unterminated literal string', { offset: this.pos });
  }

  private parseHexString(): PdfString {
    const bytes = this.bytes;
    const close = indexOf(bytes, '>', this.pos + 1);
    if (close < 0) throw malformed('unterminated hex string', { offset: this.pos });
    // Fast path for the common case (a signature's /Contents: thousands of digits, no spaces): node's
    // hex decoder stops at the first non-hex character, so a full-length result proves every digit valid.
    const span = close - this.pos - 1;
    if ((span & 1) === 0) {
      const decoded = Buffer.from(Buffer.from(bytes.buffer, bytes.byteOffset + this.pos + 1, span).toString('latin1'), 'hex');
      if (decoded.length === span >> 1) {
        const string = new PdfString(new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.length), true);
        plainHexTokens.set(string, { buffer: bytes.buffer, start: bytes.byteOffset + this.pos, end: bytes.byteOffset + close + 1 });
        this.pos = close + 1;
        return string;
      }
    }
    const out = new Uint8Array((close - this.pos) >> 1);
    let n = 0;
    let high = -1;
    for (let p = this.pos + 1; p < close; p++) {
      const c = bytes[p];
      if (WHITESPACE[c]) continue;
      if (!isHex(c)) throw malformed('bad character in hex string', { offset: p });
      if (high < 0) high = hexValue(c);
      else {
        out[n++] = high * 16 + hexValue(c);
        high = -1;
      }
    }
    if (high >= 0) out[n++] = high * 16; // odd digit count: the last digit is followed by an implied 0
    this.pos = close + 1;
    return new PdfString(out.subarray(0, n), true);
  }

  private parseArray(depth: number): PdfValue[] {
    this.pos++;
    const out: PdfValue[] = [];
    for (;;) {
      this.pos = skipWhitespace(this.bytes, this.pos);
      if (this.pos >= this.bytes.length) throw malformed('unterminated array', { offset: this.pos });
      if (this.bytes[this.pos] === 0x5d /* ] */) {
        this.pos++;
        return out;
      }
      out.push(this.parseValue(depth + 1));
    }
  }

  private parseDict(depth: number): PdfDict {
    this.pos += 2;
    const dict = new PdfDict();
    for (;;) {
      this.pos = skipWhitespace(this.bytes, this.pos);
      if (this.pos >= this.bytes.length) throw malformed('unterminated dictionary', { offset: this.pos });
      if (this.bytes[this.pos] === 0x3e && this.bytes[this.pos + 1] === 0x3e) {
        this.pos += 2;
        return dict;
      }
      if (this.bytes[this.pos] !== 0x2f) throw malformed('dictionary key is not a name', { offset: this.pos });
      const key = this.parseName().value;
      dict.set(key, this.parseValue(depth + 1));
    }
  }
}

/** Where a hex string's token lies in memory: absolute offsets into `buffer`, from "<" to just after ">". */
export interface HexTokenSpan {
  buffer: ArrayBufferLike;
  start: number;
  end: number;
}

// Weak, and kept off PdfString itself, so values still compare and serialise by their bytes alone.
const plainHexTokens = new WeakMap<PdfString, HexTokenSpan>();

/**
 * The token a hex string was read from when it is exactly "<", an even number of hex digits (no
 * whitespace), and ">": those bytes spell the string's bytes, so another check of them can be skipped.
 */
export function plainHexToken(string: PdfString): HexTokenSpan | undefined {
  return plainHexTokens.get(string);
}

export interface IndirectObject {
  num: number;
  gen: number;
  value: PdfValue;
  /** Offset just after "endobj" (or after the value when "endobj" is missing). */
  end: number;
  /** True when "endobj" closed the object: parsing it read no byte past `end` but the one ending that keyword. */
  closed: boolean;
}

export interface ParseObjectOptions {
  maxDepth: number;
  /** Resolves an indirect /Length; undefined when it cannot be resolved. */
  resolveLength?: (ref: PdfRef) => number | undefined;
}

/** Parses "num gen obj ... endobj" at offset, including a stream body. */
export function parseIndirectObject(bytes: Uint8Array, offset: number, options: ParseObjectOptions): IndirectObject {
  let p = skipWhitespace(bytes, offset);
  const num = readUnsigned(bytes, p);
  if (!num) throw malformed('expected an object number', { offset });
  p = skipWhitespace(bytes, num.end);
  const gen = readUnsigned(bytes, p);
  if (!gen) throw malformed('expected a generation number', { offset });
  p = skipWhitespace(bytes, gen.end);
  const kw = readToken(bytes, p);
  if (kw.token !== 'obj') throw malformed('expected "obj"', { offset: p });
  const parser = new PdfParser(bytes, kw.end, options.maxDepth);
  let value = parser.parseValue();
  p = skipWhitespace(bytes, parser.pos);
  const next = readToken(bytes, p);
  if (next.token === 'stream') {
    if (!(value instanceof PdfDict)) throw malformed('stream without a dictionary', { offset: p });
    const { raw, end } = readStreamBody(bytes, next.end, value, options);
    value = new PdfStream(value, raw);
    p = end;
  }
  p = skipWhitespace(bytes, p);
  const tail = readToken(bytes, p);
  const closed = tail.token === 'endobj';
  return { num: num.value, gen: gen.value, value, end: closed ? tail.end : p, closed };
}

function readStreamBody(
  bytes: Uint8Array,
  afterKeyword: number,
  dict: PdfDict,
  options: ParseObjectOptions,
): { raw: Uint8Array; end: number } {
  let start = afterKeyword;
  // The keyword is followed by CRLF or LF (§7.3.8.1); a lone CR is tolerated.
  if (bytes[start] === 0x0d) start++;
  if (bytes[start] === 0x0a) start++;
  const lengthValue = dict.get('Length');
  let length = asInt(lengthValue);
  if (length === undefined && lengthValue instanceof PdfRef && options.resolveLength) length = options.resolveLength(lengthValue);
  if (length !== undefined && length >= 0 && start + length <= bytes.length && endstreamFollows(bytes, start + length)) {
    return { raw: bytes.subarray(start, start + length), end: endAfterEndstream(bytes, start + length) };
  }
  // /Length missing, wrong, or larger than the file: fall back to the endstream keyword.
  const at = indexOf(bytes, 'endstream', start);
  if (at < 0) throw malformed('stream without endstream', { offset: start, length });
  let dataEnd = at;
  if (bytes[dataEnd - 1] === 0x0a) dataEnd--;
  if (bytes[dataEnd - 1] === 0x0d) dataEnd--;
  return { raw: bytes.subarray(start, Math.max(start, dataEnd)), end: at + 9 };
}

function endstreamFollows(bytes: Uint8Array, pos: number): boolean {
  const p = skipWhitespace(bytes, pos);
  return readToken(bytes, p).token === 'endstream';
}

function endAfterEndstream(bytes: Uint8Array, pos: number): number {
  return readToken(bytes, skipWhitespace(bytes, pos)).end;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function hexValue(c: number): number {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57;
}

/** Parses one standalone value (used for tests and object-stream members). */
export function parseValueAt(bytes: Uint8Array, pos: number, maxDepth: number): { value: PdfValue; end: number } {
  const parser = new PdfParser(bytes, pos, maxDepth);
  const value = parser.parseValue();
  return { value, end: parser.pos };
}
