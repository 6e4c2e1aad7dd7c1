import { Budget } from './budget';
import { malformed } from './errors';
import { decodeStream } from './filters';
import { DELIMITER, WHITESPACE, indexOf, isDigit, readUnsigned, skipWhitespace } from './lexer';
import { PdfLimits } from './limits';
import { PdfDict, PdfRef, PdfStream, asInt, isName } from './objects';
import { PdfParser, parseIndirectObject } from './parser';
import { XrefChain, XrefEntry } from './xref';

/** The offset that marks a section made by scanning: it is no startxref any revision of the file names. */
export const REBUILT_SECTION_OFFSET = -1;

/** Trailer keys a rebuilt trailer takes from the newest trailer that names a readable catalog. */
const KEPT_TRAILER_KEYS = ['Root', 'Info', 'ID', 'Encrypt'];

interface Candidate {
  num: number;
  entry: XrefEntry;
  /** Where the definition sits in the file: the later one wins, as with incremental updates. */
  position: number;
}

/**
 * Rebuilds the object table by scanning the whole file for "n g obj" headers, as qpdf and pdf.js do
 * when the cross-reference data is broken. Objects inside object streams are listed too; a later
 * definition (in file order) replaces an earlier one. The trailer is the newest `trailer` dictionary
 * or xref-stream dictionary whose /Root is an object of the file, else a synthetic one pointing at
 * the last /Type /Catalog found.
 */
export function rebuildXrefByScanning(bytes: Uint8Array, limits: PdfLimits, budget: Budget): XrefChain {
  const headers = scanObjectHeaders(bytes, budget);
  const candidates: Candidate[] = headers.map((h) => ({
    num: h.num,
    entry: { type: 'offset', offset: h.offset, gen: h.gen },
    position: h.offset,
  }));
  const trailers: { position: number; dict: PdfDict }[] = scanTrailerKeywords(bytes, limits, budget);
  const catalogs: { position: number; ref: PdfRef }[] = [];
  for (const h of headers) {
    if (!h.mayBeStructural) continue;
    budget.tick();
    const obj = tryParse(bytes, h.offset, limits);
    if (!obj) continue;
    const dict = obj.value instanceof PdfStream ? obj.value.dict : obj.value instanceof PdfDict ? obj.value : undefined;
    if (!dict) continue;
    if (isName(dict.get('Type'), 'Catalog')) catalogs.push({ position: h.offset, ref: new PdfRef(obj.num, obj.gen) });
    if (obj.value instanceof PdfStream && isName(dict.get('Type'), 'XRef')) trailers.push({ position: h.offset, dict });
    if (obj.value instanceof PdfStream && isName(dict.get('Type'), 'ObjStm')) {
      const { members, catalogs: inStream } = objectStreamMembers(obj.value, obj.num, limits);
      for (const member of members) candidates.push({ ...member, position: h.offset });
      for (const num of inStream) catalogs.push({ position: h.offset, ref: new PdfRef(num, 0) });
    }
  }
  candidates.sort((a, b) => a.position - b.position);
  const entries = new Map<number, XrefEntry>();
  // A header with an absurd number is damage (or bait), not an object any reference could name.
  for (const c of candidates) if (c.num < limits.maxObjects) entries.set(c.num, c.entry);
  const trailer = chooseTrailer(trailers, catalogs, entries);
  let highest = 0;
  for (const num of entries.keys()) if (num > highest) highest = num;
  trailer.set('Size', highest + 1);
  return {
    startxref: REBUILT_SECTION_OFFSET,
    sections: [{ offset: REBUILT_SECTION_OFFSET, kind: 'table', trailer, entries }],
    entries,
    trailer,
  };
}

interface ObjectHeader {
  num: number;
  gen: number;
  offset: number;
  /** Its dictionary mentions a type the rebuild needs (catalog, xref stream, object stream). */
  mayBeStructural: boolean;
}

/**
 * Finds every "n g obj" keyword at a token boundary. A stream's body is skipped up to its
 * "endstream", so binary data that happens to spell a header (an embedded file) is not taken for
 * an object. Native indexOf keeps this linear and fast on large files.
 */
function scanObjectHeaders(bytes: Uint8Array, budget: Budget): ObjectHeader[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const out: ObjectHeader[] = [];
  let from = 0;
  for (;;) {
    const at = buf.indexOf('obj', from, 'latin1');
    if (at < 0) break;
    from = at + 3;
    const header = headerEndingAt(bytes, at);
    if (!header) continue;
    budget.tick();
    const endobj = buf.indexOf('endobj', at + 3, 'latin1');
    const body = buf.subarray(at + 3, endobj < 0 ? bytes.length : endobj);
    const streamAt = keywordIn(body, 'stream');
    const dictPart = streamAt < 0 ? body : body.subarray(0, streamAt);
    const mayBeStructural = ['/Catalog', '/XRef', '/ObjStm'].some((type) => dictPart.indexOf(type, 0, 'latin1') >= 0);
    let cutShort = endobj < 0;
    if (streamAt >= 0) {
      const endstream = buf.indexOf('endstream', at + 3 + streamAt + 6, 'latin1');
      cutShort ||= endstream < 0;
      from = endstream < 0 ? bytes.length : endstream + 9;
    }
    // A truncated file ends inside its last object: listing it would hand readers half an object.
    if (!cutShort) out.push({ ...header, mayBeStructural });
  }
  return out;
}

/** "stream" as a keyword (not inside "endstream" or a name), or -1. */
function keywordIn(body: Buffer, keyword: string): number {
  for (let at = body.indexOf(keyword, 0, 'latin1'); at >= 0; at = body.indexOf(keyword, at + 1, 'latin1')) {
    const before = at > 0 ? body[at - 1] : 0x20;
    if (WHITESPACE[before] || before === 0x3e /* > */) return at;
  }
  return -1;
}

/** Reads "num gen " backwards from an "obj" keyword at `at`; undefined when it is not a header. */
function headerEndingAt(bytes: Uint8Array, at: number): { num: number; gen: number; offset: number } | undefined {
  const after = bytes[at + 3];
  if (after !== undefined && !WHITESPACE[after] && !DELIMITER[after]) return undefined;
  let p = at - 1;
  while (p >= 0 && WHITESPACE[bytes[p]]) p--;
  const genEnd = p + 1;
  while (p >= 0 && isDigit(bytes[p])) p--;
  const genStart = p + 1;
  if (genStart === genEnd || genEnd - genStart > 5) return undefined;
  const gap = p;
  while (p >= 0 && WHITESPACE[bytes[p]]) p--;
  if (p === gap) return undefined;
  const numEnd = p + 1;
  while (p >= 0 && isDigit(bytes[p])) p--;
  const numStart = p + 1;
  if (numStart === numEnd || numEnd - numStart > 10) return undefined;
  if (p >= 0 && !WHITESPACE[bytes[p]] && !DELIMITER[bytes[p]]) return undefined;
  const num = readUnsigned(bytes, numStart)?.value;
  const gen = readUnsigned(bytes, genStart)?.value;
  if (num === undefined || gen === undefined || gen > 65535) return undefined;
  return { num, gen, offset: numStart };
}

function scanTrailerKeywords(bytes: Uint8Array, limits: PdfLimits, budget: Budget): { position: number; dict: PdfDict }[] {
  const out: { position: number; dict: PdfDict }[] = [];
  for (let at = indexOf(bytes, 'trailer', 0); at >= 0; at = indexOf(bytes, 'trailer', at + 7)) {
    budget.tick();
    try {
      const value = new PdfParser(bytes, skipWhitespace(bytes, at + 7), limits.maxDepth).parseValue();
      if (value instanceof PdfDict) out.push({ position: at, dict: value });
    } catch {
      // A truncated or garbled trailer is one of the defects being repaired: try the others.
    }
  }
  return out;
}

function tryParse(bytes: Uint8Array, offset: number, limits: PdfLimits): ReturnType<typeof parseIndirectObject> | undefined {
  try {
    return parseIndirectObject(bytes, offset, { maxDepth: limits.maxDepth });
  } catch {
    return undefined;
  }
}

/**
 * The members an object stream declares in its header, and which of them is a catalog (writers put
 * the catalog there too, and with the trailer gone it is the only way to find the root). A stream
 * that cannot be decoded declares none.
 */
function objectStreamMembers(
  stream: PdfStream,
  streamNum: number,
  limits: PdfLimits,
): { members: { num: number; entry: XrefEntry }[]; catalogs: number[] } {
  const none = { members: [], catalogs: [] };
  const n = asInt(stream.dict.get('N'));
  const first = asInt(stream.dict.get('First'));
  if (n === undefined || n < 0 || first === undefined || first < 0) return none;
  let data: Uint8Array;
  try {
    data = decodeStream(stream, limits.maxDecodedBytes);
  } catch {
    return none;
  }
  const members: { num: number; entry: XrefEntry }[] = [];
  const catalogs: number[] = [];
  const mayHoldCatalog = indexOf(data, '/Catalog', 0) >= 0;
  let p = 0;
  for (let i = 0; i < n && p < data.length; i++) {
    p = skipWhitespace(data, p);
    const num = readUnsigned(data, p);
    if (!num) break;
    p = skipWhitespace(data, num.end);
    const offset = readUnsigned(data, p);
    if (!offset) break;
    p = offset.end;
    if (num.value === streamNum) continue;
    members.push({ num: num.value, entry: { type: 'compressed', stream: streamNum, index: i } });
    if (mayHoldCatalog && isCatalogAt(data, first + offset.value, limits)) catalogs.push(num.value);
  }
  return { members, catalogs };
}

function isCatalogAt(data: Uint8Array, at: number, limits: PdfLimits): boolean {
  try {
    const value = new PdfParser(data, at, limits.maxDepth).parseValue();
    return value instanceof PdfDict && isName(value.get('Type'), 'Catalog');
  } catch {
    return false;
  }
}

function chooseTrailer(
  trailers: { position: number; dict: PdfDict }[],
  catalogs: { position: number; ref: PdfRef }[],
  entries: Map<number, XrefEntry>,
): PdfDict {
  const names = (ref: unknown) => ref instanceof PdfRef && entries.has(ref.num);
  const newestFirst = [...trailers].sort((a, b) => b.position - a.position);
  const chosen = newestFirst.find((t) => names(t.dict.get('Root')));
  const trailer = new PdfDict();
  if (chosen) {
    for (const key of KEPT_TRAILER_KEYS) {
      const value = chosen.dict.get(key);
      if (value !== undefined) trailer.set(key, value);
    }
  } else {
    const catalog = [...catalogs].sort((a, b) => b.position - a.position)[0];
    if (!catalog) throw malformed('no document catalog found while rebuilding the cross-reference table');
    trailer.set('Root', catalog.ref);
  }
  // Encryption applies to the whole file: any trailer left that declares it means the objects are
  // encrypted, whichever trailer names the catalog (a damaged file must not lose its /Encrypt).
  const encrypt = newestFirst.find((t) => t.dict.has('Encrypt'));
  if (!trailer.has('Encrypt') && encrypt) trailer.set('Encrypt', encrypt.dict.get('Encrypt')!);
  return trailer;
}
