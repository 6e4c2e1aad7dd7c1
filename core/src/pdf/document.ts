import { SealError } from '../errors';
import { Budget } from './budget';
import { malformed, tooComplex } from './errors';
import { decodeStream } from './filters';
import { indexOf, readUnsigned, skipWhitespace } from './lexer';
import { PdfLimits, resolveLimits } from './limits';
import { PdfDict, PdfRef, PdfStream, PdfValue, asInt, asNumber, isName } from './objects';
import { IndirectObject, parseIndirectObject, parseValueAt } from './parser';
import { SharedObjects } from './shared-objects';
import { XrefChain, XrefEntry, findStartxref, readXrefChain } from './xref';
import { rebuildXrefByScanning } from './xref-rebuild';

export interface OpenOptions {
  limits?: Partial<PdfLimits>;
  /** Read the document as of this startxref (an earlier revision) instead of the last one. */
  startxref?: number;
  /** Parsed objects to share with other documents over prefixes of the same bytes (ignored if it does not fit). */
  shared?: SharedObjects;
  /**
   * Rebuild the object table by scanning before reading anything (the value is the reason to
   * report), instead of only when the cross-reference data turns out to be broken. Ignored with `startxref`.
   */
  rebuildXref?: string;
}

/** A page found in the page tree, with the attributes it inherits from its ancestors. */
export interface PageInfo {
  /** 1-based. */
  number: number;
  ref: PdfRef;
  dict: PdfDict;
  /** [x1 y1 x2 y2], normalised so x1 < x2 and y1 < y2: CropBox if present, else MediaBox. */
  box: [number, number, number, number];
  rotate: number;
}

interface ObjectStreamIndex {
  data: Uint8Array;
  first: number;
  offsets: number[];
}

/**
 * A lazily read PDF: opening reads only the header, the xref chain and the trailer; objects are
 * parsed on first use and cached. Nothing is ever re-serialised from here.
 */
export class PdfDocument {
  readonly limits: PdfLimits;
  readonly budget: Budget;
  private currentChain: XrefChain;
  /**
   * What reading this file had to repair, in the order found ("cross-reference data rebuilt by
   * scanning the file (why)", page-tree defects). Empty for a well-formed file.
   */
  readonly repairs: string[] = [];
  /** True once the object table was rebuilt by scanning (its entries no longer come from the file's xref). */
  private rebuilt = false;
  /** True when the table was rebuilt after objects had been read: callers holding them should restart. */
  private rebuiltLate = false;
  private rebuildReason?: string;
  private pages?: PageInfo[];
  private readonly cache = new Map<number, PdfValue>();
  private readonly objectStreams = new Map<number, ObjectStreamIndex>();
  private readonly resolving = new Set<number>();

  private readonly shared?: SharedObjects;

  private constructor(
    readonly bytes: Uint8Array,
    limits: PdfLimits,
    options: OpenOptions,
  ) {
    this.limits = limits;
    if (options.shared?.fits(bytes, limits.maxDepth)) this.shared = options.shared;
    this.budget = new Budget(limits.maxMillis);
    this.currentChain = this.readChain(options);
    if (this.chain.trailer.has('Encrypt')) throw new SealError('PDF_ENCRYPTED', 'encrypted PDFs cannot be sealed or verified');
  }

  /**
   * The file's own xref chain; when it is broken (startxref outside the file or at garbage, a
   * missing trailer, a table that does not parse), the table rebuilt by scanning, as readers do.
   * An explicit startxref names one revision exactly, so it is never repaired.
   */
  private readChain(options: OpenOptions): XrefChain {
    if (options.startxref !== undefined) return readXrefChain(this.bytes, options.startxref, this.limits, this.budget);
    if (options.rebuildXref !== undefined) return this.rebuild(options.rebuildXref);
    try {
      return readXrefChain(this.bytes, findStartxref(this.bytes), this.limits, this.budget);
    } catch (error) {
      if (!isRepairable(error)) throw error;
      return this.rebuild(error.message);
    }
  }

  private rebuild(reason: string): XrefChain {
    this.rebuilt = true;
    this.rebuildReason = reason;
    this.repairs.push(`cross-reference data rebuilt by scanning the file (${reason})`);
    return rebuildXrefByScanning(this.bytes, this.limits, this.budget);
  }

  /**
   * Runs `read` on the file. When the object table had to be rebuilt after objects were already read
   * (an xref entry pointing at garbage), those objects came from the broken table: the read runs
   * again on a document rebuilt from the start, so everything it saw is consistent.
   */
  static read<T>(bytes: Uint8Array, options: OpenOptions, read: (doc: PdfDocument) => T): T {
    const doc = PdfDocument.open(bytes, options);
    try {
      const result = read(doc);
      if (!doc.rebuiltLate) return result;
    } catch (error) {
      if (!doc.rebuiltLate) throw error;
    }
    return read(PdfDocument.open(bytes, { ...options, rebuildXref: doc.rebuildReason }));
  }

  get chain(): XrefChain {
    return this.currentChain;
  }

  /** True when the object table was rebuilt by scanning: an update must then write a complete xref section. */
  get xrefRebuilt(): boolean {
    return this.rebuilt;
  }

  static open(bytes: Uint8Array, options: OpenOptions = {}): PdfDocument {
    const limits = resolveLimits(options.limits);
    if (bytes.length > limits.maxBytes) {
      throw new SealError('PDF_TOO_LARGE', 'PDF larger than the configured limit', {
        details: { size: bytes.length, maxBytes: limits.maxBytes },
      });
    }
    if (indexOf(bytes.subarray(0, 1024), '%PDF-', 0) < 0) throw malformed('no %PDF- header');
    try {
      return new PdfDocument(bytes, limits, options);
    } catch (error) {
      throw wrapUnexpected(error);
    }
  }

  get trailer(): PdfDict {
    return this.chain.trailer;
  }

  /** The object's number of the next free slot: new objects of an update start here. */
  get size(): number {
    return asInt(this.trailer.get('Size')) ?? 0;
  }

  entry(num: number): XrefEntry | undefined {
    return this.chain.entries.get(num);
  }

  /** Follows references until a direct value; a missing or free object reads as null (§7.3.10). */
  resolve(value: PdfValue | undefined): PdfValue | undefined {
    let hops = 0;
    while (value instanceof PdfRef) {
      if (++hops > this.limits.maxDepth) throw tooComplex('reference chain too long');
      value = this.getObject(value.num);
    }
    return value;
  }

  resolveDict(value: PdfValue | undefined): PdfDict | undefined {
    const v = this.resolve(value);
    if (v instanceof PdfDict) return v;
    if (v instanceof PdfStream) return v.dict;
    return undefined;
  }

  getObject(num: number): PdfValue {
    const cached = this.cache.get(num);
    if (cached !== undefined) return cached;
    if (this.resolving.has(num)) throw malformed('object refers to itself while being read', { object: num });
    this.budget.tick();
    this.resolving.add(num);
    try {
      const value = this.loadObjectOrRepair(num);
      this.cache.set(num, value);
      return value;
    } catch (error) {
      throw wrapUnexpected(error);
    } finally {
      this.resolving.delete(num);
    }
  }

  /**
   * An xref entry that points at garbage or at another object ("expected an object number") means
   * the table is wrong: rebuild it once by scanning and read the object from there.
   */
  private loadObjectOrRepair(num: number): PdfValue {
    try {
      return this.loadObject(num);
    } catch (error) {
      if (this.rebuilt || !isRepairable(error)) throw error;
      const reason = `object ${num}: ${error.message}`;
      this.currentChain = this.rebuild(reason);
      this.rebuiltLate = this.cache.size > 0;
      this.cache.clear();
      this.objectStreams.clear();
      this.pages = undefined;
      return this.loadObject(num);
    }
  }

  private loadObject(num: number): PdfValue {
    const entry = this.chain.entries.get(num);
    if (!entry || entry.type === 'free') return null;
    if (entry.type === 'offset') {
      if (entry.offset >= this.bytes.length) throw malformed('xref offset outside the file', { object: num });
      const obj = this.shared?.get(entry.offset, this.bytes.length) ?? this.parseAt(entry.offset);
      if (obj.num !== num) throw malformed('xref offset points at a different object', { object: num, found: obj.num });
      return obj.value;
    }
    const index = this.objectStream(entry.stream);
    if (entry.index >= index.offsets.length) throw malformed('object stream index out of range', { object: num });
    const start = index.first + index.offsets[entry.index];
    if (start >= index.data.length) throw malformed('object stream offset out of range', { object: num });
    return parseValueAt(index.data, start, this.limits.maxDepth).value;
  }

  private parseAt(offset: number): IndirectObject {
    const obj = parseIndirectObject(this.bytes, offset, {
      maxDepth: this.limits.maxDepth,
      resolveLength: (ref) => this.tryResolveLength(ref),
    });
    this.shared?.remember(offset, this.bytes.length, obj);
    return obj;
  }

  /** A broken or self-referencing /Length is not fatal: the parser falls back to the endstream keyword. */
  private tryResolveLength(ref: PdfRef): number | undefined {
    try {
      return asInt(this.resolve(ref));
    } catch {
      return undefined;
    }
  }

  private objectStream(num: number): ObjectStreamIndex {
    const cached = this.objectStreams.get(num);
    if (cached) return cached;
    const entry = this.chain.entries.get(num);
    if (!entry || entry.type !== 'offset') throw malformed('object stream is not a plain object', { object: num });
    const stream = this.getObject(num);
    if (!(stream instanceof PdfStream) || !isName(stream.dict.get('Type'), 'ObjStm'))
      throw malformed('not an object stream', { object: num });
    const n = asInt(stream.dict.get('N'));
    const first = asInt(stream.dict.get('First'));
    if (n === undefined || first === undefined || n < 0 || first < 0) throw malformed('bad object stream header', { object: num });
    const data = decodeStream(stream, this.limits.maxDecodedBytes);
    if (n * 4 > data.length || first > data.length) throw tooComplex('object stream claims more objects than it holds', { object: num, n });
    const offsets: number[] = [];
    let p = 0;
    for (let i = 0; i < n; i++) {
      p = skipWhitespace(data, p);
      const objNum = readUnsigned(data, p);
      if (!objNum) throw malformed('bad object stream header', { object: num });
      p = skipWhitespace(data, objNum.end);
      const off = readUnsigned(data, p);
      if (!off) throw malformed('bad object stream header', { object: num });
      p = off.end;
      offsets.push(off.value);
    }
    const index = { data, first, offsets };
    this.objectStreams.set(num, index);
    return index;
  }

  catalog(): PdfDict {
    const root = this.resolve(this.trailer.get('Root'));
    if (!(root instanceof PdfDict)) throw malformed('trailer /Root is not a dictionary');
    return root;
  }

  /** The number of pages the tree holds, counted by walking it (a wrong or missing /Count is repaired). */
  pageCount(): number {
    return this.allPages().length;
  }

  /**
   * Page `number` (1-based) as the full walk numbers it. Descending by /Count would be cheaper, but a
   * wrong /Count would then pick a different page than the verifier's walk reports.
   */
  getPage(number: number): PageInfo {
    const pages = this.pagesToSeal();
    if (!Number.isInteger(number) || number < 1 || number > pages.length) {
      throw new SealError('PDF_PAGE_OUT_OF_RANGE', `page ${number} is outside 1..${pages.length}`, {
        details: { page: number, pageCount: pages.length },
      });
    }
    return pages[number - 1];
  }

  /**
   * Every page, for a signer: a file with none is malformed, since no page number the caller could
   * choose is right (the verifier reads `allPages`, and judges a page-less file by its signatures).
   */
  pagesToSeal(): readonly PageInfo[] {
    const pages = this.allPages();
    if (pages.length === 0) throw malformed('the document has no page that can be read');
    return pages;
  }

  /** Every page in order: one walk of the tree per document, shared by signing and verification. */
  allPages(): readonly PageInfo[] {
    this.pages ??= this.walkPageTree();
    return this.pages;
  }

  private walkPageTree(): PageInfo[] {
    const out: PageInfo[] = [];
    const visited = new Set<number>();
    let wrongCounts = 0;
    let missingKids = 0;
    const walk = (ref: PdfValue | undefined, inheritedFromParent: Inherited, depth: number): void => {
      if (depth > this.limits.maxDepth) throw tooComplex('page tree too deep');
      if (!(ref instanceof PdfRef)) throw malformed('page tree node is not a reference');
      // A node reached twice (a loop, or a page listed twice) is refused by signer and verifier alike.
      if (visited.has(ref.num)) throw malformed('cycle in the page tree');
      visited.add(ref.num);
      this.budget.tick();
      const dict = this.resolveDict(ref);
      if (!dict && depth > 0 && this.resolve(ref) === null) {
        // A kid whose object is missing (a truncated or damaged file) shows as no page, as in qpdf and pdf.js.
        missingKids++;
        return;
      }
      if (!dict) throw malformed('page tree node is not a dictionary');
      const inherited = { ...inheritedFromParent };
      inherit(inherited, dict);
      if (isPageNode(dict)) {
        const kids = this.resolve(dict.get('Kids'));
        if (!Array.isArray(kids)) throw malformed('page tree node without /Kids');
        const before = out.length;
        for (const kid of kids) walk(kid, inherited, depth + 1);
        if (asInt(this.resolve(dict.get('Count'))) !== out.length - before) wrongCounts++;
      } else {
        out.push(this.pageInfo(out.length + 1, ref, dict, inherited));
      }
    };
    walk(this.catalog().get('Pages'), {}, 0);
    if (missingKids > 0) this.repairs.push(`page tree: ${missingKids} kid(s) whose object is missing were skipped`);
    if (wrongCounts > 0)
      this.repairs.push(`page tree: /Count missing or wrong on ${wrongCounts} node(s), pages counted by walking the tree`);
    return out;
  }

  private pageInfo(number: number, ref: PdfRef, dict: PdfDict, inherited: Inherited): PageInfo {
    const box = this.readBox(inherited.CropBox) ?? this.readBox(inherited.MediaBox);
    if (!box) throw malformed('page has no valid /MediaBox', { page: number });
    const rotate = asInt(this.resolve(inherited.Rotate)) ?? 0;
    const normalised = ((rotate % 360) + 360) % 360;
    // Only quarter turns are valid (§7.7.3.3); treat anything else as unrotated, as viewers do.
    return { number, ref, dict, box, rotate: normalised % 90 === 0 ? normalised : 0 };
  }

  private readBox(value: PdfValue | undefined): [number, number, number, number] | undefined {
    const arr = this.resolve(value);
    if (!Array.isArray(arr) || arr.length !== 4) return undefined;
    const n = arr.map((x) => asNumber(this.resolve(x)));
    if (n.some((x) => x === undefined)) return undefined;
    const [a, b, c, d] = n as number[];
    return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
  }
}

interface Inherited {
  MediaBox?: PdfValue;
  CropBox?: PdfValue;
  Rotate?: PdfValue;
}

function inherit(into: Inherited, dict: PdfDict): void {
  for (const key of ['MediaBox', 'CropBox', 'Rotate'] as const) {
    const v = dict.get(key);
    if (v !== undefined) into[key] = v;
  }
}

function isPageNode(dict: PdfDict): boolean {
  return isName(dict.get('Type'), 'Pages') || (!isName(dict.get('Type'), 'Page') && dict.has('Kids'));
}

/** Broken structure (not a limit, not encryption) is what scanning the file can repair. */
function isRepairable(error: unknown): error is SealError {
  return error instanceof SealError && error.code === 'PDF_MALFORMED';
}

/** Anything that escapes the parser other than a SealError is a bug we still must not leak as a crash. */
function wrapUnexpected(error: unknown): SealError {
  if (error instanceof SealError) return error;
  if (error instanceof RangeError) return tooComplex('PDF exceeded an internal limit');
  return malformed('PDF could not be read', undefined, error);
}
