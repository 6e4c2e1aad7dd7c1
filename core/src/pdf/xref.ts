import { Budget } from './budget';
import { malformed, tooComplex } from './errors';
import { decodeStream } from './filters';
import { lastIndexOf, readToken, readUnsigned, skipWhitespace } from './lexer';
import { PdfDict, PdfStream, asInt, isName } from './objects';
import { PdfParser, parseIndirectObject } from './parser';
import { PdfLimits } from './limits';

export type XrefEntry =
  { type: 'free'; gen: number } | { type: 'offset'; offset: number; gen: number } | { type: 'compressed'; stream: number; index: number };

export interface XrefSection {
  /** The startxref value that points at this section. */
  offset: number;
  kind: 'table' | 'stream';
  trailer: PdfDict;
  /** This section's own entries, with a hybrid file's /XRefStm entries merged in. */
  entries: Map<number, XrefEntry>;
  /**
   * Hybrid sections: numbers the table marks free and the /XRefStm defines. Readers disagree on
   * these (poppler takes the table's "free", then rebuilds the xref by scanning the file).
   */
  disputed?: Set<number>;
  /** For an xref stream: its own object number. */
  streamObjectNumber?: number;
}

export interface XrefChain {
  startxref: number;
  /** Newest first, following /Prev. */
  sections: XrefSection[];
  /** The effective table: the newest entry for each object number. */
  entries: Map<number, XrefEntry>;
  /** The newest trailer (for an xref stream, its dictionary). */
  trailer: PdfDict;
}

/** Reads the startxref value that precedes the %%EOF nearest to `end`. */
export function findStartxref(bytes: Uint8Array, end = bytes.length): number {
  // The spec puts it in the last 1024 bytes; some writers append junk after %%EOF, so look further back.
  const at = lastIndexOf(bytes, 'startxref', end - 9, Math.max(0, end - 64 * 1024));
  if (at < 0) throw malformed('no startxref found');
  const p = skipWhitespace(bytes, at + 9);
  const value = readUnsigned(bytes, p);
  if (!value || value.value >= bytes.length) throw malformed('startxref does not point inside the file', { at });
  return value.value;
}

export function readXrefChain(bytes: Uint8Array, startxref: number, limits: PdfLimits, budget: Budget): XrefChain {
  const sections: XrefSection[] = [];
  const seen = new Set<number>();
  let offset: number | undefined = startxref;
  while (offset !== undefined) {
    if (seen.has(offset)) throw malformed('cycle in the xref /Prev chain', { offset });
    if (sections.length >= limits.maxXrefSections) throw tooComplex('too many xref sections', { max: limits.maxXrefSections });
    seen.add(offset);
    budget.tick();
    const section = readXrefSection(bytes, offset, limits, budget, seen);
    sections.push(section);
    const prev = section.trailer.get('Prev');
    offset = prev === undefined ? undefined : asInt(prev);
    if (prev !== undefined && (offset === undefined || offset < 0 || offset >= bytes.length)) {
      throw malformed('bad /Prev offset', { prev: String(prev) });
    }
  }
  const entries = new Map<number, XrefEntry>();
  for (const section of sections) {
    for (const [num, entry] of section.entries) if (!entries.has(num)) entries.set(num, entry);
  }
  return { startxref, sections, entries, trailer: sections[0].trailer };
}

/** Reads the table or stream at offset; `seen` guards /XRefStm against pointing back into the chain. */
export function readXrefSection(bytes: Uint8Array, offset: number, limits: PdfLimits, budget: Budget, seen: Set<number>): XrefSection {
  const p = skipWhitespace(bytes, offset);
  if (readToken(bytes, p).token === 'xref') {
    const { entries, trailer } = readXrefTable(bytes, p, limits, budget);
    const stmOffset = trailer.get('XRefStm');
    if (stmOffset !== undefined) {
      const at = asInt(stmOffset);
      if (at === undefined || at < 0 || at >= bytes.length || seen.has(at)) throw malformed('bad /XRefStm offset');
      const hybrid = readXrefStream(bytes, at, limits, budget);
      // In a hybrid file the table marks compressed objects free for old readers; the stream wins there.
      const disputed = new Set<number>();
      for (const [num, entry] of hybrid.entries) {
        const inTable = entries.get(num);
        if (inTable?.type === 'free' && entry.type !== 'free') disputed.add(num);
        if (!inTable || inTable.type === 'free') entries.set(num, entry);
      }
      return { offset, kind: 'table', trailer, entries, ...(disputed.size > 0 ? { disputed } : {}) };
    }
    return { offset, kind: 'table', trailer, entries };
  }
  const stream = readXrefStream(bytes, p, limits, budget);
  return { offset, kind: 'stream', trailer: stream.trailer, entries: stream.entries, streamObjectNumber: stream.num };
}

function readXrefTable(
  bytes: Uint8Array,
  at: number,
  limits: PdfLimits,
  budget: Budget,
): { entries: Map<number, XrefEntry>; trailer: PdfDict } {
  const entries = new Map<number, XrefEntry>();
  let p = skipWhitespace(bytes, at + 4);
  for (;;) {
    const word = readToken(bytes, p);
    if (word.token === 'trailer') {
      const parser = new PdfParser(bytes, word.end, limits.maxDepth);
      const trailer = parser.parseValue();
      if (!(trailer instanceof PdfDict)) throw malformed('trailer is not a dictionary', { offset: word.end });
      checkSize(trailer, limits);
      return { entries, trailer };
    }
    const first = readUnsigned(bytes, p);
    if (!first) throw malformed('bad xref subsection header', { offset: p });
    p = skipWhitespace(bytes, first.end);
    const count = readUnsigned(bytes, p);
    if (!count) throw malformed('bad xref subsection count', { offset: p });
    p = count.end;
    // Each entry takes at least 18 bytes: a count the file cannot hold is hostile.
    if (count.value * 18 > bytes.length - p || first.value + count.value > limits.maxObjects) {
      throw tooComplex('xref subsection larger than the file or the object limit', { count: count.value });
    }
    for (let i = 0; i < count.value; i++) {
      budget.tick();
      p = skipWhitespace(bytes, p);
      const off = readUnsigned(bytes, p);
      if (!off) throw malformed('bad xref entry', { offset: p });
      p = skipWhitespace(bytes, off.end);
      const gen = readUnsigned(bytes, p);
      if (!gen) throw malformed('bad xref entry', { offset: p });
      p = skipWhitespace(bytes, gen.end);
      const kind = bytes[p++];
      const num = first.value + i;
      if (kind === 0x6e /* n */) entries.set(num, { type: 'offset', offset: off.value, gen: gen.value });
      else if (kind === 0x66 /* f */) entries.set(num, { type: 'free', gen: gen.value });
      else throw malformed('bad xref entry type', { offset: p - 1 });
    }
    p = skipWhitespace(bytes, p);
  }
}

function checkSize(trailer: PdfDict, limits: PdfLimits): void {
  const size = asInt(trailer.get('Size'));
  if (size === undefined || size < 0) throw malformed('trailer /Size missing or invalid');
  if (size > limits.maxObjects) throw tooComplex('object count above the limit', { size, maxObjects: limits.maxObjects });
}

function readXrefStream(
  bytes: Uint8Array,
  at: number,
  limits: PdfLimits,
  budget: Budget,
): { entries: Map<number, XrefEntry>; trailer: PdfDict; num: number } {
  const obj = parseIndirectObject(bytes, at, { maxDepth: limits.maxDepth });
  const stream = obj.value;
  if (!(stream instanceof PdfStream) || !isName(stream.dict.get('Type'), 'XRef')) {
    throw malformed('startxref points at neither an xref table nor an xref stream', { offset: at });
  }
  const dict = stream.dict;
  checkSize(dict, limits);
  const size = asInt(dict.get('Size')) as number;
  const w = dict.get('W');
  if (!Array.isArray(w) || w.length < 3) throw malformed('xref stream /W missing');
  const widths = w.slice(0, 3).map((x) => asInt(x) ?? -1);
  if (widths.some((x) => x < 0 || x > 8)) throw malformed('bad xref stream /W', { widths });
  const entrySize = widths[0] + widths[1] + widths[2];
  if (entrySize === 0) throw malformed('xref stream entries are empty');
  const index = dict.get('Index') ?? [0, size];
  if (!Array.isArray(index) || index.length % 2 !== 0) throw malformed('bad xref stream /Index');
  const data = decodeStream(stream, limits.maxDecodedBytes);
  const entries = new Map<number, XrefEntry>();
  let pos = 0;
  for (let k = 0; k < index.length; k += 2) {
    const first = asInt(index[k]);
    const count = asInt(index[k + 1]);
    if (first === undefined || count === undefined || first < 0 || count < 0) throw malformed('bad xref stream /Index');
    if (pos + count * entrySize > data.length || first + count > limits.maxObjects) {
      throw tooComplex('xref stream /Index claims more entries than its data holds', { first, count });
    }
    for (let i = 0; i < count; i++) {
      budget.tick();
      const type = widths[0] === 0 ? 1 : readField(data, pos, widths[0]);
      const f2 = readField(data, pos + widths[0], widths[1]);
      const f3 = readField(data, pos + widths[0] + widths[1], widths[2]);
      pos += entrySize;
      const num = first + i;
      if (type === 0) entries.set(num, { type: 'free', gen: f3 });
      else if (type === 1) entries.set(num, { type: 'offset', offset: f2, gen: f3 });
      else if (type === 2) entries.set(num, { type: 'compressed', stream: f2, index: f3 });
      // Other types are reserved: readers must treat them as null objects (§7.5.8.3).
    }
  }
  return { entries, trailer: dict, num: obj.num };
}

function readField(data: Uint8Array, pos: number, width: number): number {
  let v = 0;
  for (let i = 0; i < width; i++) v = v * 256 + data[pos + i];
  return v;
}
