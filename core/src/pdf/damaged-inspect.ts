import { SealError } from '../errors';
import { isWellFormedByteRange, type ByteRange } from './byte-range';
import { derElementLength } from './der-length';
import { PdfInspection, PdfSignatureInfo, gapIsContents, inspectPdfSignatures, trimTrailingZeros } from './inspect';
import { indexOf, isDigit, lastIndexOf } from './lexer';
import { DEFAULT_PDF_LIMITS, PdfLimits, resolveLimits } from './limits';
import { tooComplex } from './errors';
import { PdfDict, PdfName, PdfString } from './objects';
import { parseIndirectObject } from './parser';
import { findRevisionMarkers, revisionEndingAt } from './revisions';

/** Signature dictionaries looked for by scanning a damaged file: bounded, as every loop over hostile input. */
const MAX_SCANNED_SIGNATURES = 1000;

/** An inspection of a file read only in part, and why the rest could not be read. */
export type DamagedPdfInspection = PdfInspection & { unreadable: string };

/**
 * A file that cannot be read as a whole (a Flate stream inside a signed range was altered, say) is
 * still evidence: tampering must come out as INVALID signatures and `modified`, not as "cannot be
 * read". This reads the longest prefix that ends at a revision and can be read, reports its
 * signatures as usual, and finds the later signature dictionaries by scanning the raw bytes, so
 * their data hash can be checked against what the file holds now. What changed after a readable
 * revision is unknown and therefore a disallowed change. Undefined when no signature is found:
 * then the file is unreadable after all.
 */
export function inspectDamagedPdf(
  pdf: Uint8Array,
  cause: SealError,
  options: { limits?: Partial<PdfLimits> } = {},
): DamagedPdfInspection | undefined {
  const revisions = findRevisionMarkers(pdf);
  // One budget for every prefix tried: a file of many broken revisions must not multiply it.
  const deadline = Date.now() + resolveLimits(options.limits).maxMillis;
  let readable: PdfInspection | undefined;
  let lastGood: number | undefined;
  for (const marker of [...revisions].reverse()) {
    if (marker.eofEndWithEol >= pdf.length) continue; // the whole file: that is what failed
    const maxMillis = deadline - Date.now();
    if (maxMillis <= 0) throw tooComplex('PDF processing exceeded its time budget', { maxMillis: resolveLimits(options.limits).maxMillis });
    try {
      readable = inspectPdfSignatures(pdf.subarray(0, marker.eofEndWithEol), { limits: { ...options.limits, maxMillis } });
      lastGood = marker.index;
      break;
    } catch (error) {
      if (!(error instanceof SealError) || error.code === 'PDF_TOO_COMPLEX') throw error;
    }
  }
  const unreadable =
    lastGood === undefined
      ? `the file cannot be read (${cause.message})`
      : `the file cannot be read after revision ${lastGood} (${cause.message})`;
  const unknownAfter = { verdict: 'disallowed' as const, changes: [{ object: 0, allowed: false, reason: unreadable }] };
  const signatures: PdfSignatureInfo[] = (readable?.signatures ?? []).map((s) => ({
    ...s,
    changesAfter: { verdict: 'disallowed', changes: [...s.changesAfter.changes, ...unknownAfter.changes] },
  }));
  const known = new Set(signatures.map((s) => s.byteRange?.join(' ')));
  for (const found of scanSignatureDictionaries(pdf, options.limits?.maxDepth ?? DEFAULT_PDF_LIMITS.maxDepth)) {
    const range = found.byteRange?.join(' ');
    if (range !== undefined && known.has(range)) continue;
    if (range !== undefined) known.add(range);
    const problems: string[] = [];
    const byteRange = found.byteRange;
    let revision: number | undefined;
    if (!byteRange) problems.push('/ByteRange missing or malformed');
    else {
      if (byteRange[0] !== 0) problems.push('/ByteRange does not start at 0');
      if (!gapIsContents(pdf, byteRange, found.contentsString)) problems.push('the unsigned gap is not exactly the /Contents hex string');
      revision = revisionEndingAt(revisions, byteRange[2] + byteRange[3])?.index;
      if (revision === undefined) problems.push('/ByteRange does not end at a revision end (%%EOF)');
    }
    signatures.push({
      fieldName: `(signature object ${found.num}, in a revision that cannot be read)`,
      signatureObject: found.num,
      widgets: [],
      filter: found.filter,
      subFilter: found.subFilter,
      byteRange,
      contents: found.contents,
      contentsIsDer: found.contentsIsDer,
      revision,
      coversWholeRevision: problems.length === 0,
      coverageProblems: problems,
      changesAfter: unknownAfter,
      inFinalFieldTree: false,
    });
  }
  if (signatures.length === 0) return undefined;
  return {
    repairs: readable?.repairs ?? [],
    xrefRebuilt: readable?.xrefRebuilt ?? false,
    fileLength: pdf.length,
    revisions,
    pageCount: readable?.pageCount ?? 0,
    signatures,
    unreadable,
  };
}

interface ScannedSignature {
  num: number;
  byteRange?: ByteRange;
  contentsString?: PdfString;
  contents: Uint8Array;
  contentsIsDer: boolean;
  filter?: string;
  subFilter?: string;
}

/** Every plain "N G obj << ... /ByteRange ... /Contents ... >>" in the file (not inside compressed streams). */
function scanSignatureDictionaries(pdf: Uint8Array, maxDepth: number): ScannedSignature[] {
  const out: ScannedSignature[] = [];
  const seen = new Set<number>();
  for (let at = indexOf(pdf, '/ByteRange', 0); at >= 0 && out.length < MAX_SCANNED_SIGNATURES; at = indexOf(pdf, '/ByteRange', at + 10)) {
    const start = objectStart(pdf, at);
    if (start === undefined || seen.has(start)) continue;
    seen.add(start);
    let dict: PdfDict | undefined;
    let num: number;
    try {
      const object = parseIndirectObject(pdf, start, { maxDepth });
      if (!(object.value instanceof PdfDict) || !object.closed) continue;
      dict = object.value;
      num = object.num;
    } catch (error) {
      if (error instanceof SealError) continue; // not an object we can read: nothing to report from it
      throw error;
    }
    const range = dict.get('ByteRange');
    const numbers = Array.isArray(range) ? range : undefined;
    const contentsValue = dict.get('Contents');
    const contentsString = contentsValue instanceof PdfString ? contentsValue : undefined;
    const raw = contentsString?.bytes ?? new Uint8Array(0);
    const derLength = derElementLength(raw);
    const name = (key: string) => {
      const v = dict!.get(key);
      return v instanceof PdfName ? v.value : undefined;
    };
    out.push({
      num,
      byteRange: isWellFormedByteRange(numbers, pdf.length) ? (numbers as ByteRange) : undefined,
      contentsString,
      contents: derLength !== undefined ? raw.subarray(0, derLength) : trimTrailingZeros(raw),
      contentsIsDer: derLength !== undefined,
      filter: name('Filter'),
      subFilter: name('SubFilter'),
    });
  }
  return out;
}

/** Offset of "N G obj" holding the token at `at`: the nearest "obj" before it, preceded by two numbers. */
function objectStart(pdf: Uint8Array, at: number): number | undefined {
  const obj = lastIndexOf(pdf, 'obj', at, Math.max(0, at - 4096));
  if (obj < 0) return undefined;
  let p = obj - 1;
  for (let numbers = 0; numbers < 2; numbers++) {
    while (p >= 0 && (pdf[p] === 0x20 || pdf[p] === 0x0a || pdf[p] === 0x0d)) p--;
    if (p < 0 || !isDigit(pdf[p])) return undefined;
    while (p >= 0 && isDigit(pdf[p])) p--;
  }
  return p + 1;
}
