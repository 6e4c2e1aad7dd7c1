import { Budget } from './budget';
import { indexOf, readToken, skipWhitespace } from './lexer';

/** A ToUnicode CMap: how many bytes each code takes, and the text each code stands for. */
export interface ToUnicodeMap {
  /** Code lengths in bytes allowed by the codespace ranges (empty when the CMap gives none). */
  codeLengths: number[];
  lookup(code: number, length: number): string | undefined;
}

interface Range {
  low: number;
  high: number;
  length: number;
  /** Either the text of `low` (later codes increment its last UTF-16 unit) or one text per code. */
  base?: string;
  list?: string[];
}

/** Parses the bfchar / bfrange / codespacerange sections of a ToUnicode CMap (§9.10.3). */
export function parseToUnicode(bytes: Uint8Array, budget: Budget): ToUnicodeMap {
  const singles = new Map<string, string>();
  const ranges: Range[] = [];
  const codeLengths = new Set<number>();
  let p = 0;
  const hexAt = (): { value: Buffer; end: number } | undefined => {
    p = skipWhitespace(bytes, p);
    if (bytes[p] !== 0x3c) return undefined;
    const close = indexOf(bytes, '>', p);
    if (close < 0) return undefined;
    const text = Buffer.from(bytes.subarray(p + 1, close))
      .toString('latin1')
      .replace(/\s+/g, '');
    p = close + 1;
    return { value: Buffer.from(text.length % 2 ? text + '0' : text, 'hex'), end: close + 1 };
  };
  const utf16 = (b: Buffer) =>
    Buffer.from(b.subarray(0, b.length & ~1))
      .swap16()
      .toString('utf16le');
  const toNumber = (b: Buffer) => (b.length === 0 || b.length > 4 ? -1 : b.readUIntBE(0, b.length));
  while (p < bytes.length) {
    budget.tick();
    p = skipWhitespace(bytes, p);
    if (p >= bytes.length) break;
    if (bytes[p] === 0x3c || bytes[p] === 0x5b || bytes[p] === 0x5d || bytes[p] === 0x28 || bytes[p] === 0x2f) {
      p++;
      continue; // stray operands and names outside the sections we read
    }
    const { token, end } = readToken(bytes, p);
    p = end > p ? end : p + 1;
    if (token === 'begincodespacerange') {
      for (;;) {
        const low = hexAt();
        const high = low && hexAt();
        if (!low || !high) break;
        codeLengths.add(low.value.length);
      }
    } else if (token === 'beginbfchar') {
      for (;;) {
        const src = hexAt();
        const dst = src && hexAt();
        if (!src || !dst) break;
        singles.set(`${src.value.length}:${toNumber(src.value)}`, utf16(dst.value));
      }
    } else if (token === 'beginbfrange') {
      for (;;) {
        const low = hexAt();
        const high = low && hexAt();
        if (!low || !high) break;
        p = skipWhitespace(bytes, p);
        const range: Range = { low: toNumber(low.value), high: toNumber(high.value), length: low.value.length };
        if (bytes[p] === 0x5b) {
          p++;
          range.list = [];
          for (let item = hexAt(); item; item = hexAt()) range.list.push(utf16(item.value));
          p = skipWhitespace(bytes, p);
          if (bytes[p] === 0x5d) p++;
        } else {
          const dst = hexAt();
          if (!dst) break;
          range.base = utf16(dst.value);
        }
        if (range.low >= 0 && range.high >= range.low) ranges.push(range);
      }
    }
  }
  return {
    codeLengths: [...codeLengths].sort((a, b) => a - b),
    lookup(code: number, length: number): string | undefined {
      const single = singles.get(`${length}:${code}`);
      if (single !== undefined) return single;
      for (const r of ranges) {
        if (r.length !== length || code < r.low || code > r.high) continue;
        if (r.list) return r.list[code - r.low];
        if (r.base === undefined || r.base.length === 0) return undefined;
        const last = r.base.charCodeAt(r.base.length - 1) + (code - r.low);
        return r.base.slice(0, -1) + String.fromCharCode(last & 0xffff);
      }
      return undefined;
    },
  };
}
