import { SealError } from '../errors';
import { ByteRange, isWellFormedByteRange } from './byte-range';
import { ChangeContext, ChangesAfterSignature, classifyChangesAfter } from './changes';
import { docMdpPermission } from './certification';
import { derElementLength } from './der-length';
import { PdfDocument } from './document';
import { malformed } from './errors';
import { valuesEqual } from './equality';
import { decodeText } from './form-update';
import { HEX_VALUE } from './lexer';
import { PdfLimits } from './limits';
import { PdfDict, PdfName, PdfRef, PdfString, PdfValue } from './objects';
import { plainHexToken } from './parser';
import { PdfRect } from './placement';
import { RevisionMarker, findRevisionMarkers, revisionEndingAt } from './revisions';
import { parsePdfDate } from './serialize';
import { SharedObjects } from './shared-objects';
import { annotationPages, findSignatureFields, readRect } from './signature-fields';
import { CoveringSignature, LaterSignatures } from './signature-ownership';

export interface SignatureWidgetInfo {
  /** 1-based page, or undefined when the widget is on no page's /Annots. */
  page?: number;
  rect?: PdfRect;
}

/** One signature as found in the file, normalised for the verifier. */
export interface PdfSignatureInfo {
  fieldName: string;
  /** Object number of the signature dictionary (undefined if /V is direct). */
  signatureObject?: number;
  /** Page and rectangle of the first widget (a cross-page seal has more in `widgets`). */
  page?: number;
  rect?: PdfRect;
  widgets: SignatureWidgetInfo[];
  filter?: string;
  subFilter?: string;
  byteRange?: ByteRange;
  /** The container from /Contents with its zero padding removed (by its DER length when it has one). */
  contents: Uint8Array;
  /** True when `contents` was trimmed by a valid DER length (false: raw bytes, trailing zeros kept). */
  contentsIsDer: boolean;
  signingTime?: Date;
  signerName?: string;
  reason?: string;
  location?: string;
  /** The revision (1-based, file order of %%EOF markers) the /ByteRange ends at. */
  revision?: number;
  /** Starts at 0, the gap is exactly the /Contents hex string, and it ends at a revision's %%EOF. */
  coversWholeRevision: boolean;
  /** Why coversWholeRevision is false (empty when true). */
  coverageProblems: string[];
  /** What changed after the covered revision. */
  changesAfter: ChangesAfterSignature;
  /**
   * False for a signature whose field was later removed from the AcroForm: it is found by reading
   * the earlier revisions, so a verifier can report a signature that was hidden after the fact.
   */
  inFinalFieldTree: boolean;
}

export interface PdfInspection {
  /**
   * What reading the file had to repair: the final document's defects, then those of earlier
   * revisions ("revision n: …"). Empty for a well-formed file.
   */
  repairs: string[];
  /** True when the final revision's own xref data was unusable and the object table was rebuilt by scanning. */
  xrefRebuilt: boolean;
  fileLength: number;
  revisions: RevisionMarker[];
  pageCount: number;
  signatures: PdfSignatureInfo[];
}

/**
 * Reads every signature of a PDF and how the file changed after each: the neutral input of the
 * verification pipeline. Cryptography is not checked here.
 */
export function inspectPdfSignatures(pdf: Uint8Array, options: { limits?: Partial<PdfLimits> } = {}): PdfInspection {
  const shared = new SharedObjects(pdf, options.limits);
  return PdfDocument.read(pdf, { limits: options.limits, shared }, (doc) => inspectDocument(doc, options.limits, shared));
}

function inspectDocument(doc: PdfDocument, limits: Partial<PdfLimits> | undefined, shared: SharedObjects): PdfInspection {
  const pdf = doc.bytes;
  try {
    const revisions = findRevisionMarkers(pdf);
    const prefixes = new PrefixDocuments(doc, limits, shared);
    const pagesOfAnnots = annotationPages(doc);
    const describeFields = (fieldsDoc: PdfDocument, inFinal: boolean, skip: Set<number>) =>
      findSignatureFields(fieldsDoc).flatMap((field) => {
        const sig = fieldsDoc.resolveDict(field.value);
        if (!sig || !(sig.has('ByteRange') || sig.has('Contents'))) return []; // an empty (unsigned) field
        if (field.value instanceof PdfRef && skip.has(field.value.num)) return [];
        const widgets = field.widgets.map((w) => ({
          page: w.ref ? pagesOfAnnots.get(w.ref.num) : undefined,
          rect: readRect(fieldsDoc, w.dict.get('Rect')),
        }));
        const where = { fieldName: field.fieldName, fieldRef: field.fieldRef, value: field.value };
        const described = describeSignature(doc, fieldsDoc, prefixes, revisions, where, sig, widgets);
        return [{ ...described, info: { ...described.info, inFinalFieldTree: inFinal } }];
      });
    const found = describeFields(doc, true, new Set());
    const known = new Set(found.map((s) => s.info.signatureObject).filter((n): n is number => n !== undefined));
    for (const marker of revisions.slice(0, -1)) {
      const earlier = openRevision(prefixes, marker);
      if (!earlier) continue;
      for (const hidden of describeFields(earlier, false, known)) {
        found.push(hidden);
        if (hidden.info.signatureObject !== undefined) known.add(hidden.info.signatureObject);
      }
    }
    // Changes are judged once every signature is known: a later one may vouch for its own new widget.
    const covering: CoveringSignature[] = found.flatMap(({ info, signed }) =>
      info.signatureObject !== undefined && signed && info.coversWholeRevision
        ? [{ signatureObject: info.signatureObject, end: signed.end, open: () => prefixes.open(signed.end) }]
        : [],
    );
    const pages = objectPages(doc, pagesOfAnnots);
    const signatures = found.map(({ info, signed }) => ({
      ...info,
      changesAfter: judgeChanges(doc, signed, {
        later: new LaterSignatures(doc, covering, signed?.end ?? 0),
        pageOf: (num) => pages.get(num),
      }),
    }));
    const pageCount = doc.pageCount();
    return {
      repairs: [...doc.repairs, ...prefixes.earlierRepairs(revisions)],
      xrefRebuilt: doc.xrefRebuilt,
      fileLength: pdf.length,
      revisions,
      pageCount,
      signatures,
    };
  } catch (error) {
    if (error instanceof SealError) throw error;
    throw malformed('PDF signatures could not be read', undefined, error);
  }
}

/**
 * The documents made of the file's first `end` bytes, each opened once: a signature's revision is
 * usually the whole file, or the same earlier revision that is searched for hidden signatures.
 * Opening is deterministic and documents are never mutated, so one instance can serve every use.
 */
class PrefixDocuments {
  private readonly byEnd = new Map<number, PdfDocument>();

  constructor(
    private readonly whole: PdfDocument,
    private readonly limits: Partial<PdfLimits> | undefined,
    private readonly shared: SharedObjects,
  ) {
    this.byEnd.set(whole.bytes.length, whole);
  }

  /** Repairs that earlier revisions opened so far needed, named by revision. */
  earlierRepairs(markers: RevisionMarker[]): string[] {
    return markers.flatMap((m) => {
      const doc = this.byEnd.get(m.eofEndWithEol);
      return doc && doc !== this.whole ? doc.repairs.map((r) => `revision ${m.index}: ${r}`) : [];
    });
  }

  /** Throws as PdfDocument.open does; a failure is not remembered, so a retry throws again. */
  open(end: number): PdfDocument {
    let doc = this.byEnd.get(end);
    if (!doc) {
      doc = PdfDocument.open(this.whole.bytes.subarray(0, end), { limits: this.limits, shared: this.shared });
      this.byEnd.set(end, doc);
    }
    return doc;
  }
}

/** An earlier revision, or undefined when it cannot be read on its own (e.g. a linearisation footer). */
function openRevision(prefixes: PrefixDocuments, marker: RevisionMarker): PdfDocument | undefined {
  try {
    const doc = prefixes.open(marker.eofEndWithEol);
    doc.catalog();
    return doc;
  } catch (error) {
    if (error instanceof SealError && error.code !== 'PDF_TOO_COMPLEX') return undefined;
    throw error;
  }
}

/** The revision a signature covers, ready for judging what changed after it. */
interface SignedRevision {
  end: number;
  doc: PdfDocument;
  /** A certification that permits no changes at all (DocMDP P=1). */
  noChangesPermitted: boolean;
}

function judgeChanges(doc: PdfDocument, signed: SignedRevision | undefined, context: ChangeContext): ChangesAfterSignature {
  if (!signed)
    return { verdict: 'disallowed', changes: [{ object: 0, allowed: false, reason: 'the signed bytes are not a whole revision' }] };
  const changesAfter = classifyChangesAfter(doc, signed.doc, signed.end, context);
  if (changesAfter.verdict === 'allowed' && signed.noChangesPermitted) {
    // A certification that permits no changes is broken by any later revision, signatures included.
    return {
      verdict: 'disallowed',
      changes: [
        ...changesAfter.changes,
        { object: 0, allowed: false, reason: 'the document is certified with no changes permitted (DocMDP P=1)' },
      ],
    };
  }
  return changesAfter;
}

/** Page (1-based) of every page object, indirect /Annots array and listed annotation of the final document. */
function objectPages(doc: PdfDocument, annotations: Map<number, number>): Map<number, number> {
  const pages = new Map(annotations);
  for (const page of doc.allPages()) {
    if (!pages.has(page.ref.num)) pages.set(page.ref.num, page.number);
    const annots = page.dict.get('Annots');
    if (annots instanceof PdfRef && !pages.has(annots.num)) pages.set(annots.num, page.number);
  }
  return pages;
}

/** `sigDoc` resolves the signature dictionary's entries (the final document, or the revision it was found in). */
function describeSignature(
  doc: PdfDocument,
  sigDoc: PdfDocument,
  prefixes: PrefixDocuments,
  revisions: RevisionMarker[],
  { fieldName, fieldRef, value }: { fieldName: string; fieldRef?: PdfRef; value: PdfValue | undefined },
  sig: PdfDict,
  widgets: SignatureWidgetInfo[],
): { info: Omit<PdfSignatureInfo, 'inFinalFieldTree' | 'changesAfter'>; signed?: SignedRevision } {
  const rawRange = sigDoc.resolve(sig.get('ByteRange'));
  const rangeNumbers = Array.isArray(rawRange) ? rawRange.map((x) => sigDoc.resolve(x)) : undefined;
  const byteRange = isWellFormedByteRange(rangeNumbers, doc.bytes.length) ? (rangeNumbers as ByteRange) : undefined;
  const contentsValue = sigDoc.resolve(sig.get('Contents'));
  const contentsString = contentsValue instanceof PdfString ? contentsValue : undefined;
  const rawContents = contentsString?.bytes ?? new Uint8Array(0);
  const derLength = derElementLength(rawContents);
  const contents = derLength !== undefined ? rawContents.subarray(0, derLength) : trimTrailingZeros(rawContents);

  const problems: string[] = [];
  let revision: RevisionMarker | undefined;
  if (!byteRange) problems.push('/ByteRange missing or malformed');
  else {
    if (byteRange[0] !== 0) problems.push('/ByteRange does not start at 0');
    if (!gapIsContents(doc.bytes, byteRange, contentsString)) problems.push('the unsigned gap is not exactly the /Contents hex string');
    revision = revisionEndingAt(revisions, byteRange[2] + byteRange[3]);
    if (!revision) problems.push('/ByteRange does not end at a revision end (%%EOF)');
  }
  let signed: SignedRevision | undefined;
  if (byteRange && revision) {
    const end = byteRange[2] + byteRange[3];
    const signedDoc = prefixes.open(end);
    if (!isDefinedIn(signedDoc, sigDoc, value instanceof PdfRef ? value : fieldRef)) {
      problems.push('the signature dictionary is not part of the revision it signs');
    }
    signed = { end, doc: signedDoc, noChangesPermitted: docMdpPermission(sigDoc, sig) === 1 };
  }
  const text = (key: string) => {
    const v = sigDoc.resolve(sig.get(key));
    return v instanceof PdfString ? decodeText(v) : undefined;
  };
  const name = (key: string) => {
    const v = sigDoc.resolve(sig.get(key));
    return v instanceof PdfName ? v.value : undefined;
  };
  const m = sigDoc.resolve(sig.get('M'));
  const info = {
    fieldName,
    signatureObject: value instanceof PdfRef ? value.num : undefined,
    page: widgets[0]?.page,
    rect: widgets[0]?.rect,
    widgets,
    filter: name('Filter'),
    subFilter: name('SubFilter'),
    byteRange,
    contents,
    contentsIsDer: derLength !== undefined,
    signingTime: m instanceof PdfString ? parsePdfDate(m.bytes) : undefined,
    signerName: text('Name'),
    reason: text('Reason'),
    location: text('Location'),
    revision: revision?.index,
    coversWholeRevision: problems.length === 0,
    coverageProblems: problems,
  };
  return { info, signed };
}

/**
 * The signature dictionary (or, when /V is direct, the field holding it) must read the same in the
 * revision the signature covers: otherwise it is a later copy that reuses a genuine /ByteRange and
 * /Contents (so the gap and the cryptography still match) under its own /Reason, /M, field and widget.
 */
function isDefinedIn(signedDoc: PdfDocument, sigDoc: PdfDocument, holder: PdfRef | undefined): boolean {
  if (holder === undefined) return false;
  try {
    const signed = signedDoc.getObject(holder.num);
    return signed !== null && valuesEqual(signed, sigDoc.getObject(holder.num));
  } catch (error) {
    if (error instanceof SealError && error.code === 'PDF_TOO_COMPLEX') throw error;
    return false;
  }
}

/** The bytes between the two ranges must be "<hex>" and decode to the dictionary's /Contents. */
export function gapIsContents(bytes: Uint8Array, range: ByteRange, contents: PdfString | undefined): boolean {
  const start = range[0] + range[1];
  const end = range[2];
  // The usual case: /Contents was read from these very bytes, and the parser vouched for their form.
  const token = contents && plainHexToken(contents);
  if (token && token.buffer === bytes.buffer && token.start === bytes.byteOffset + start && token.end === bytes.byteOffset + end)
    return true;
  return gapSpells(bytes, start, end, contents?.bytes ?? new Uint8Array(0));
}

/** "<", two hex digits per byte of `expected` (either case, nothing else), ">": checked in one pass. */
function gapSpells(bytes: Uint8Array, start: number, end: number, expected: Uint8Array): boolean {
  if (end - start !== 2 * expected.length + 2 || bytes[start] !== 0x3c || bytes[end - 1] !== 0x3e) return false;
  for (let i = 0, p = start + 1; i < expected.length; i++, p += 2) {
    const high = HEX_VALUE[bytes[p]];
    const low = HEX_VALUE[bytes[p + 1]];
    if (high < 0 || low < 0 || ((high << 4) | low) !== expected[i]) return false;
  }
  return true;
}

export function trimTrailingZeros(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return bytes.subarray(0, end);
}
