import { SealError } from '../errors';
import type { Budget } from './budget';
import { PdfDocument } from './document';
import { changedKeys, valuesEqual } from './equality';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfValue, isName } from './objects';
import { serializeValue } from './serialize';
import { skipWhitespace } from './lexer';
import type { XrefSection } from './xref';
import { LaterSignatures } from './signature-ownership';

export type ChangeVerdict = 'none' | 'allowed' | 'disallowed';

export interface ObjectChange {
  /** Object number (0 for changes to the trailer or the file layout itself). */
  object: number;
  allowed: boolean;
  reason: string;
  /** 1-based page the object is drawn on or belongs to, when it is a page, its annotation list or an annotation. */
  page?: number;
  /**
   * Set on an allowed change that only a later signature vouches for (its own new field or widget):
   * the object numbers of those signature dictionaries. The change stays allowed only while each of
   * them is a valid signature, which the verifier decides.
   */
  coveredBy?: number[];
}

export interface ChangesAfterSignature {
  verdict: ChangeVerdict;
  changes: ObjectChange[];
}

/** What an object was in the signed revision: decides which edits to it are acceptable. */
type Role = 'catalog' | 'acroform' | 'fields' | 'page' | 'annots' | 'pages' | 'content' | 'resources' | 'info' | 'metadata';

/** What the classification knows about the final document beyond the two revisions it compares. */
export interface ChangeContext {
  /** Later signatures of the file: the only owners a new widget or field may have. */
  later: LaterSignatures;
  /** Page (1-based) of an annotation or page object of the final document. */
  pageOf(num: number): number | undefined;
}

/** The judgement of one changed object, with the annotations it added that nothing vouches for. */
interface Judgement {
  allowed: boolean;
  reason: string;
  coveredBy?: number[];
  /** Added annotations or fields that are not a later signature's own: reported as changes of their own. */
  offenders?: { object: number; reason: string }[];
}

/**
 * Compares the final document with the revision a signature covers. Conservative by design: an edit
 * is allowed only if it is one of a short list of signature-related additions (a later signature's
 * own field and widgets, the AcroForm field list growing by them, document metadata, xref
 * bookkeeping); every other difference — including ones we cannot interpret — is disallowed.
 * Viewers draw annotations over the page, so a widget nobody signed is an overlay on what the
 * signer saw: only a later signature covering a widget as it is now may add it.
 */
export function classifyChangesAfter(
  finalDoc: PdfDocument,
  signedDoc: PdfDocument,
  signedEnd: number,
  context: ChangeContext,
): ChangesAfterSignature {
  const changes: ObjectChange[] = [];
  const signedSections = new Set(signedDoc.chain.sections.map((s) => s.offset));
  const earlier = finalDoc.chain.sections.filter((s) => s.offset < signedEnd);
  const later = finalDoc.chain.sections.filter((s) => s.offset >= signedEnd);
  if (earlier.length !== signedSections.size || earlier.some((s) => !signedSections.has(s.offset))) {
    changes.push({ object: 0, allowed: false, reason: 'the xref chain does not extend the signed revision (history rewritten)' });
  }
  const trailingBytes = finalDoc.bytes.length > signedEnd && later.length === 0;
  if (trailingBytes && !isOnlyWhitespace(finalDoc.bytes.subarray(signedEnd))) {
    changes.push({ object: 0, allowed: false, reason: 'bytes appended after the signed revision that are not a revision' });
  }
  if (later.length === 0 && changes.length === 0) return { verdict: 'none', changes };
  if (!valuesEqual(finalDoc.trailer.get('Root'), signedDoc.trailer.get('Root'))) {
    changes.push({ object: 0, allowed: false, reason: 'trailer /Root points at a different catalog' });
  }

  // A signed revision is opened once and reused by every signature that covers it (and by the search
  // for hidden signatures), so they all tick one budget, not a fresh one each. Ticking the final
  // document's budget as well bounds the whole inspection, however many signatures and revisions a
  // hostile file carries.
  const roles = rolesOf(signedDoc, finalDoc.budget);
  const xrefStreams = new Set(later.map((s) => s.streamObjectNumber).filter((n): n is number => n !== undefined));
  let references: SignedReferences | undefined;
  const referencesOf = () => (references ??= signedReferences(signedDoc, finalDoc.budget));
  for (const num of changedObjectNumbers(
    finalDoc,
    later.flatMap((s) => [...s.entries.keys()]),
  )) {
    if (num === 0) continue;
    const before = signedDoc.getObject(num);
    const after = finalDoc.getObject(num);
    if (valuesEqual(before, after)) continue;
    const role = roles.get(num);
    const isXref = xrefStreams.has(num);
    const verdict: Judgement =
      sharedRoleProblem(num, before, role, referencesOf) ?? classifyObject(finalDoc, signedDoc, context, num, before, after, role, isXref);
    const { offenders, coveredBy, ...rest } = verdict;
    changes.push(withPage({ object: num, ...rest, ...(coveredBy?.length ? { coveredBy } : {}) }, context.pageOf(num)));
    for (const o of offenders ?? [])
      changes.push(withPage({ object: o.object, allowed: false, reason: o.reason }, context.pageOf(o.object) ?? context.pageOf(num)));
  }
  for (const num of ambiguousObjects(finalDoc, signedEnd, later)) {
    if (changes.some((c) => c.object === num && !c.allowed)) continue;
    const before = signedDoc.getObject(num);
    if (before === null && !referencesOf().isReferenced(num)) continue; // new, and only reachable through objects judged above
    changes.push(
      withPage(
        {
          object: num,
          allowed: false,
          reason:
            'readers may resolve this object differently: a later update marks it free in its xref table while its /XRefStm defines it, or holds a copy of it that no xref entry points at (readers that rebuild the xref by scanning use that copy)',
        },
        context.pageOf(num),
      ),
    );
  }
  // A new object reported as an offender is not also listed as an innocent "new object".
  const offending = new Set(changes.filter((c) => !c.allowed).map((c) => c.object));
  const reported = changes.filter((c) => !(c.allowed && offending.has(c.object)));
  const verdict: ChangeVerdict = reported.some((c) => !c.allowed) ? 'disallowed' : 'allowed';
  return { verdict, changes: reported };
}

/**
 * The signed revision is attacker-prepared in the threat that matters here (the victim signs what
 * they see; the preparer edits afterwards), so an object's role cannot be trusted on its own:
 * - a reference that dangled when signed (a /Contents entry, a font, an XObject pointing at a free
 *   object) renders as nothing, and defining that object later changes the page;
 * - the Info dictionary or the catalog's /Metadata stream may also be a font, an XObject or an
 *   annotation used elsewhere, and its "metadata" edit would then change what is shown.
 * Both are recognised by references from the signed revision's objects (xref and object streams,
 * whose dictionaries restate trailer keys, are bookkeeping and not counted as referring). A later
 * update's own cross-reference stream is no exception as the object referred to: it is a stream,
 * and a page whose dangling /Contents (or XObject) names its number draws its decoded data.
 */
function sharedRoleProblem(
  num: number,
  before: PdfValue,
  role: Role | undefined,
  references: () => SignedReferences,
): { allowed: false; reason: string } | undefined {
  if (before !== null && role !== 'info' && role !== 'metadata') return undefined;
  const refs = references();
  if (!refs.isReferenced(num)) return undefined;
  if (!refs.complete)
    return { allowed: false, reason: 'object changed, and the signed revision has objects that cannot be read to rule out their use' };
  if (before === null) return { allowed: false, reason: 'object referenced by the signed revision was undefined there and is defined now' };
  return {
    allowed: false,
    reason: `object changed: the document ${role === 'info' ? 'Info dictionary' : 'metadata stream'} is also used elsewhere in the signed revision`,
  };
}

interface SignedReferences {
  /** False when some object could not be read: then every number counts as referenced. */
  complete: boolean;
  isReferenced(num: number): boolean;
}

/**
 * Every object number referenced from an object of the signed revision, except the catalog's own
 * /Metadata entry (the one reference a metadata stream is expected to have) and self-references.
 * An object that cannot be read makes every number count as referenced: conservative, as the rest.
 */
function signedReferences(doc: PdfDocument, overall: Budget): SignedReferences {
  const referenced = new Set<number>();
  const root = doc.trailer.get('Root');
  const rootNum = root instanceof PdfRef ? root.num : undefined;
  try {
    for (const [num, entry] of doc.chain.entries) {
      if (entry.type === 'free') continue;
      overall.tick();
      let value = doc.getObject(num);
      const dict = asDict(value);
      if (dict && (isName(dict.get('Type'), 'XRef') || isName(dict.get('Type'), 'ObjStm'))) continue;
      if (num === rootNum && value instanceof PdfDict) {
        value = value.clone();
        value.map.delete('Metadata');
      }
      collectReferences(value, num, referenced, doc, 0);
    }
  } catch (error) {
    if (error instanceof SealError && error.code === 'PDF_TOO_COMPLEX') throw error;
    return { complete: false, isReferenced: () => true };
  }
  return { complete: true, isReferenced: (num) => referenced.has(num) };
}

function collectReferences(value: PdfValue, self: number, into: Set<number>, doc: PdfDocument, depth: number): void {
  if (depth > doc.limits.maxDepth) return; // the parser bounds nesting already
  if (value instanceof PdfRef) {
    if (value.num !== self) into.add(value.num);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collectReferences(v, self, into, doc, depth + 1);
    return;
  }
  const dict = asDict(value);
  if (dict) for (const v of dict.map.values()) collectReferences(v, self, into, doc, depth + 1);
}

/**
 * Objects whose meaning depends on how a reader finds them, beyond the xref chain this module
 * follows: numbers a later hybrid section marks free in its table and defines in its /XRefStm, and
 * numbers whose last "N G obj" in the bytes after the signed revision is not where the final xref
 * points. A reader that misses a needed object rebuilds its xref by scanning, and the last copy in
 * the file wins there; an unlisted copy is invisible to the xref but not to that reader.
 */
function ambiguousObjects(finalDoc: PdfDocument, signedEnd: number, later: XrefSection[]): number[] {
  const found = new Set<number>();
  for (const section of later) for (const num of section.disputed ?? []) found.add(num);
  const bytes = finalDoc.bytes;
  for (const [num, at] of lastObjectHeaders(bytes, signedEnd)) {
    finalDoc.budget.tick();
    const entry = finalDoc.chain.entries.get(num);
    if (entry?.type === 'offset' && skipWhitespace(bytes, entry.offset) === at) continue;
    found.add(num);
  }
  found.delete(0);
  return [...found].sort((a, b) => a - b);
}

/** Number → offset of the last "N G obj" header that starts a line or follows whitespace, from `from` on. */
function lastObjectHeaders(bytes: Uint8Array, from: number): Map<number, number> {
  const last = new Map<number, number>();
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + from, bytes.length - from).toString('latin1');
  const header = /(?<=^|[\0\t\n\f\r ])(\d{1,10})[\0\t\n\f\r ]+\d{1,5}[\0\t\n\f\r ]*obj(?![A-Za-z0-9])/g;
  for (let m = header.exec(text); m !== null; m = header.exec(text)) last.set(Number(m[1]), from + m.index);
  return last;
}

/**
 * Object numbers redefined by later sections, plus every object held in an object stream that was
 * itself redefined: replacing a stream silently changes members an older xref still points into.
 */
function changedObjectNumbers(finalDoc: PdfDocument, redefined: number[]): number[] {
  const set = new Set(redefined);
  for (const [num, entry] of finalDoc.chain.entries) {
    if (entry.type === 'compressed' && set.has(entry.stream)) set.add(num);
  }
  return [...set].sort((a, b) => a - b);
}

function withPage(change: ObjectChange, page: number | undefined): ObjectChange {
  return page === undefined ? change : { ...change, page };
}

function classifyObject(
  finalDoc: PdfDocument,
  signedDoc: PdfDocument,
  context: ChangeContext,
  num: number,
  before: PdfValue,
  after: PdfValue,
  role: Role | undefined,
  isXrefStream: boolean,
): Judgement {
  const ok = (reason: string) => ({ allowed: true, reason });
  const no = (reason: string) => ({ allowed: false, reason });
  if (before === null) {
    if (isXrefStream) return ok('new cross-reference stream');
    // A new object can only affect rendering through an existing object that references it, and every
    // change to an existing object is checked below.
    return ok(`new object${describe(after)}`);
  }
  if (after === null) return no(`object deleted${role ? ` (${role})` : ''}`);
  const b = asDict(before);
  const a = asDict(after);
  if (b && isName(b.get('Type'), 'Sig')) return no('an existing signature dictionary was changed');
  switch (role) {
    case 'info':
    case 'metadata':
      return ok('document metadata changed');
    case 'catalog':
      return classifyCatalog(finalDoc, signedDoc, context, b, a);
    case 'acroform':
      return classifyAcroForm(finalDoc, signedDoc, context, b, a);
    case 'fields':
      return classifyAddedRefs(finalDoc, context, before, after, FIELD_LIST);
    case 'annots':
      return classifyAddedRefs(finalDoc, context, before, after, ANNOTATION_LIST);
    case 'page':
      return classifyPage(finalDoc, signedDoc, context, b, a);
    case 'pages':
      return no('page tree changed (pages added, removed or reordered)');
    case 'content':
      return no('page content stream changed');
    case 'resources':
      return no('page resources changed');
    default:
      break;
  }
  if (b && a && isSignatureFieldOrWidget(signedDoc, b)) {
    const keys = changedKeys(b, a);
    const alreadySigned = b.has('V') || !!signedDoc.resolveDict(b.get('Parent'))?.has('V');
    if (alreadySigned) return no(`an existing signature field was changed: ${keys.join(', ')}`);
    if (!keys.every((k) => ['V', 'AP', 'MK'].includes(k))) return no(`signature field changed: ${keys.join(', ')}`);
    // An appearance on an empty field is drawn like any overlay: only the signature filling it vouches for it.
    const owner = context.later.ownerOf(num);
    if (owner === undefined) return no(`empty signature field given ${keys.join(', ')} without a later signature of its own`);
    return { allowed: true, reason: 'empty signature field filled in by a later signature', coveredBy: [owner] };
  }
  return no(`object changed${describe(before)}`);
}

function classifyCatalog(finalDoc: PdfDocument, signedDoc: PdfDocument, context: ChangeContext, b?: PdfDict, a?: PdfDict): Judgement {
  if (!a || !b) return { allowed: false, reason: 'catalog is no longer a dictionary' };
  const keys = changedKeys(b, a);
  const bad = keys.filter((k) => !['AcroForm', 'DSS', 'Metadata'].includes(k));
  if (bad.length > 0) return { allowed: false, reason: `catalog changed: ${bad.join(', ')}` };
  if (keys.includes('AcroForm')) {
    // A direct AcroForm, or a new/replaced one: judged against the old one (or an empty one).
    const verdict = classifyAcroForm(
      finalDoc,
      signedDoc,
      context,
      signedDoc.resolveDict(b.get('AcroForm')) ?? new PdfDict(),
      finalDoc.resolveDict(a.get('AcroForm')),
    );
    if (!verdict.allowed) return verdict;
    return { ...verdict, reason: `catalog: ${keys.join(', ')} updated` };
  }
  return { allowed: true, reason: `catalog: ${keys.join(', ')} updated` };
}

function classifyAcroForm(finalDoc: PdfDocument, signedDoc: PdfDocument, context: ChangeContext, b?: PdfDict, a?: PdfDict): Judgement {
  if (!a || !b) return { allowed: false, reason: 'AcroForm is no longer a dictionary' };
  const keys = changedKeys(b, a);
  // /DR and /DA choose the fonts and colours viewers draw variable text with: not a signature's business.
  const bad = keys.filter((k) => !['Fields', 'SigFlags'].includes(k));
  if (bad.length > 0) return { allowed: false, reason: `AcroForm changed: ${bad.join(', ')}` };
  if (keys.includes('Fields')) {
    const before = signedDoc.resolve(b.get('Fields')) ?? [];
    const after = finalDoc.resolve(a.get('Fields')) ?? null;
    const verdict = classifyAddedRefs(finalDoc, context, before, after, FIELD_LIST);
    if (!verdict.allowed) return verdict;
    return { ...verdict, reason: `AcroForm: ${keys.join(', ')} updated` };
  }
  return { allowed: true, reason: `AcroForm: ${keys.join(', ')} updated` };
}

function classifyPage(finalDoc: PdfDocument, signedDoc: PdfDocument, context: ChangeContext, b?: PdfDict, a?: PdfDict): Judgement {
  if (!a || !b) return { allowed: false, reason: 'page is no longer a dictionary' };
  const keys = changedKeys(b, a);
  if (keys.includes('Contents')) return { allowed: false, reason: 'page content changed' };
  if (keys.includes('Resources')) return { allowed: false, reason: 'page resources changed' };
  const bad = keys.filter((k) => k !== 'Annots');
  if (bad.length > 0) return { allowed: false, reason: `page dictionary changed: ${bad.join(', ')}` };
  const before = signedDoc.resolve(b.get('Annots')) ?? [];
  const after = finalDoc.resolve(a.get('Annots')) ?? null;
  return classifyAddedRefs(finalDoc, context, before, after, ANNOTATION_LIST);
}

interface ListKind {
  what: string;
  okReason: string;
  /** Whether order matters to what is drawn (annotations are painted in list order). */
  ordered: boolean;
  accept(doc: PdfDocument, value: PdfValue): boolean;
}

const ANNOTATION_LIST: ListKind = {
  what: 'page annotations',
  okReason: "a later signature's widget added to a page",
  ordered: true,
  accept: isSignatureWidget,
};
const FIELD_LIST: ListKind = {
  what: 'AcroForm field list',
  okReason: "a later signature's field added",
  ordered: false,
  accept: isSignatureField,
};

/**
 * A list may only grow, keeping every earlier entry (annotations also in their order: the later one
 * is painted on top), and each added entry must be a later signature's own field or widget.
 */
function classifyAddedRefs(finalDoc: PdfDocument, context: ChangeContext, before: PdfValue, after: PdfValue, kind: ListKind): Judgement {
  const { what } = kind;
  if (!Array.isArray(before) || !Array.isArray(after)) return { allowed: false, reason: `${what} is no longer an array` };
  let added: PdfValue[];
  if (kind.ordered) {
    if (after.length < before.length || before.some((old, i) => !valuesEqual(old, after[i]))) {
      return { allowed: false, reason: `${what}: earlier entries were removed or reordered` };
    }
    added = after.slice(before.length);
  } else {
    // A multiset keyed by serialised value: linear even for hostile lists of 100,000 entries.
    const remaining = new Map<string, PdfValue[]>();
    for (const v of after) {
      const key = serializeValue(v);
      const bucket = remaining.get(key);
      if (bucket) bucket.push(v);
      else remaining.set(key, [v]);
    }
    for (const old of before) {
      const bucket = remaining.get(serializeValue(old));
      if (!bucket || bucket.length === 0) return { allowed: false, reason: `${what}: an entry was removed` };
      bucket.pop();
    }
    added = [...remaining.values()].flat();
  }
  const owners = new Set<number>();
  const offenders: { object: number; reason: string }[] = [];
  let direct = false;
  for (const entry of added) {
    if (!(entry instanceof PdfRef)) {
      direct = true;
      continue;
    }
    const owner = kind.accept(finalDoc, entry) ? context.later.ownerOf(entry.num) : undefined;
    const acts = owner !== undefined && carriesActions(finalDoc, entry);
    if (owner !== undefined && !acts) owners.add(owner);
    else if (acts)
      offenders.push({
        object: entry.num,
        reason: `${what}: a later signature's own field or widget that carries actions (/A or /AA): it acts on the document, not only draws in its rectangle`,
      });
    else
      offenders.push({
        object: entry.num,
        reason: `${what}: added${describe(finalDoc.getObject(entry.num))}, and it is no later signature's own field or widget`,
      });
  }
  if (direct) return { allowed: false, reason: `${what}: a direct (unnumbered) entry was added`, offenders };
  if (offenders.length > 0) return { allowed: false, reason: `${what}: entries were added that no later signature vouches for`, offenders };
  return { allowed: true, reason: kind.okReason, coveredBy: [...owners] };
}

/**
 * A later signer vouches for what its widget draws, inside its rectangle; actions (JavaScript on
 * page open, hiding another annotation, setting a field) reach beyond it. The widget's own /A and
 * /AA count, and its field's /AA (trigger events of the field).
 */
function carriesActions(doc: PdfDocument, value: PdfValue): boolean {
  const dict = doc.resolveDict(value);
  if (!dict) return false;
  if (dict.has('A') || dict.has('AA')) return true;
  const parent = doc.resolveDict(dict.get('Parent'));
  return !!parent && (parent.has('A') || parent.has('AA'));
}

function isSignatureField(doc: PdfDocument, value: PdfValue): boolean {
  const dict = doc.resolveDict(value);
  return !!dict && isName(doc.resolve(dict.get('FT')), 'Sig');
}

/** A widget of a signature field: its own /FT /Sig, or its parent's. */
function isSignatureWidget(doc: PdfDocument, value: PdfValue): boolean {
  const dict = doc.resolveDict(value);
  if (!dict || !isName(dict.get('Subtype'), 'Widget')) return false;
  return isSignatureFieldOrWidget(doc, dict);
}

function isSignatureFieldOrWidget(doc: PdfDocument, dict: PdfDict): boolean {
  if (isName(doc.resolve(dict.get('FT')), 'Sig')) return true;
  const parent = doc.resolveDict(dict.get('Parent'));
  return !!parent && isName(doc.resolve(parent.get('FT')), 'Sig') && isName(dict.get('Subtype'), 'Widget');
}

/** Roles of the objects that matter in the signed revision (page count bounded by the doc's limits). */
function rolesOf(doc: PdfDocument, overall: Budget): Map<number, Role> {
  const roles = new Map<number, Role>();
  const mark = (value: PdfValue | undefined, role: Role) => {
    if (value instanceof PdfRef && !roles.has(value.num)) roles.set(value.num, role);
  };
  const trailer = doc.trailer;
  mark(trailer.get('Root'), 'catalog');
  const catalog = doc.catalog();
  const pages = doc.allPages();
  // The first role marked wins: the roles that allow no change at all come first, so an object the
  // signed revision uses twice (a /Contents array that is also the /Annots or /Fields array, say)
  // is judged by the stricter use, not by the list that may grow.
  for (const page of pages) {
    overall.tick();
    mark(page.ref, 'page');
    const contents = page.dict.get('Contents');
    mark(contents, 'content');
    const list = doc.resolve(contents);
    if (Array.isArray(list)) for (const c of list) mark(c, 'content');
    mark(page.dict.get('Resources'), 'resources');
    mark(page.dict.get('Parent'), 'pages');
  }
  mark(catalog.get('Pages'), 'pages');
  for (const page of pages) mark(page.dict.get('Annots'), 'annots');
  mark(catalog.get('AcroForm'), 'acroform');
  mark(doc.resolveDict(catalog.get('AcroForm'))?.get('Fields'), 'fields');
  // Last, so an object that is also a page, its content or the page tree keeps that stricter role.
  mark(trailer.get('Info'), 'info');
  mark(catalog.get('Metadata'), 'metadata');
  return roles;
}

function asDict(value: PdfValue): PdfDict | undefined {
  if (value instanceof PdfDict) return value;
  if (value instanceof PdfStream) return value.dict;
  return undefined;
}

function describe(value: PdfValue): string {
  const d = asDict(value);
  const type = d?.get('Type');
  const subtype = d?.get('Subtype');
  const parts = [type, subtype].filter((n): n is PdfName => n instanceof PdfName).map((n) => n.value);
  return parts.length ? ` (${parts.join(' ')})` : value instanceof PdfStream ? ' (stream)' : '';
}

function isOnlyWhitespace(bytes: Uint8Array): boolean {
  return bytes.every((c) => c === 0x0a || c === 0x0d || c === 0x20 || c === 0x09 || c === 0x00 || c === 0x0c);
}
