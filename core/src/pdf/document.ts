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

export interface OpenOptions {
  limits?: Partial<PdfLimits>;
  /** Read the document as of this startxref (an earlier revision) instead of the last one. */
  startxref?: number;
  /** Parsed objects to share with other documents over prefixes of the same bytes (ignored if it does not fit). */
  shared?: SharedObjects;
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
  readonly chain: XrefChain;
  private readonly cache = new Map<number, PdfValue>();
  private readonly objectStreams = new Map<number, ObjectStreamIndex>();
  private readonly resolving = new Set<number>();

  private readonly shared?: SharedObjects;

  private constructor(
    readonly bytes: Uint8Array,
    limits: PdfLimits,
    startxref: number,
    shared?: SharedObjects,
  ) {
    this.limits = limits;
    if (shared?.fits(bytes, limits.maxDepth)) this.shared = shared;
    this.budget = new Budget(limits.maxMillis);
    this.chain = readXrefChain(bytes, startxref, limits, this.budget);
    if (this.chain.trailer.has('Encrypt')) throw new SealError('PDF_ENCRYPTED', 'encrypted PDFs cannot be sealed or verified');
  }

  static open(bytes: Uint8Array, options: OpenOptions = {}): PdfDocument {
    const limits = resolveLimits(options.limits);
    if (bytes.length > limits.maxBytes) {
      throw new SealError('PDF_TOO_LARGE', 'PDF larger than the configured limit', { details: { size: bytes.length, maxBytes: limits.maxBytes } });
    }
    if (indexOf(bytes.subarray(0, 1024), '%PDF-', 0) < 0) throw malformed('no %PDF- header');
    const startxref = options.startxref ?? findStartxref(bytes);
    try {
      return new PdfDocument(bytes, limits, startxref, options.shared);
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
      const value = this.loadObject(num);
      this.cache.set(num, value);
      return value;
    } catch (error) {
      throw wrapUnexpected(error);
    } finally {
      this.resolving.delete(num);
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
    if (!(stream instanceof PdfStream) || !isName(stream.dict.get('Type'), 'ObjStm')) throw malformed('not an object stream', { object: num });
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

  pageCount(): number {
    const pages = this.resolveDict(this.catalog().get('Pages'));
    const count = asInt(pages?.get('Count'));
    if (count === undefined || count < 0) throw malformed('page tree /Count missing');
    return count;
  }

  /** Finds page `number` (1-based) by descending the tree with /Count, reading only the path to it. */
  getPage(number: number): PageInfo {
    const total = this.pageCount();
    if (!Number.isInteger(number) || number < 1 || number > total) {
      throw new SealError('PDF_PAGE_OUT_OF_RANGE', `page ${number} is outside 1..${total}`, { details: { page: number, pageCount: total } });
    }
    let node = this.catalog().get('Pages');
    let remaining = number;
    const inherited: Inherited = {};
    const visited = new Set<number>();
    for (let depth = 0; depth <= this.limits.maxDepth; depth++) {
      const dict = this.resolveDict(node);
      if (!dict || !(node instanceof PdfRef)) throw malformed('page tree node is not an indirect dictionary');
      if (visited.has(node.num)) throw malformed('cycle in the page tree');
      visited.add(node.num);
      inherit(inherited, dict);
      const kids = this.resolve(dict.get('Kids'));
      if (!Array.isArray(kids)) throw malformed('page tree node without /Kids');
      let descended = false;
      for (const kid of kids) {
        this.budget.tick();
        const kidDict = this.resolveDict(kid);
        if (!kidDict || !(kid instanceof PdfRef)) throw malformed('page tree kid is not an indirect dictionary');
        if (isPageNode(kidDict)) {
          const count = asInt(kidDict.get('Count')) ?? 0;
          if (remaining <= count) {
            node = kid;
            descended = true;
            break;
          }
          remaining -= count;
        } else if (--remaining === 0) {
          inherit(inherited, kidDict);
          return this.pageInfo(number, kid, kidDict, inherited);
        }
      }
      if (!descended) throw malformed('page tree /Count does not match its kids', { page: number });
    }
    throw tooComplex('page tree too deep');
  }

  /** Every page in order (a full walk: used for cross-page seals and verification). */
  allPages(): PageInfo[] {
    const out: PageInfo[] = [];
    const visited = new Set<number>();
    const walk = (ref: PdfValue | undefined, inheritedFromParent: Inherited, depth: number): void => {
      if (depth > this.limits.maxDepth) throw tooComplex('page tree too deep');
      if (!(ref instanceof PdfRef)) throw malformed('page tree node is not a reference');
      if (visited.has(ref.num)) throw malformed('cycle in the page tree');
      visited.add(ref.num);
      this.budget.tick();
      const dict = this.resolveDict(ref);
      if (!dict) throw malformed('page tree node is not a dictionary');
      const inherited = { ...inheritedFromParent };
      inherit(inherited, dict);
      if (isPageNode(dict)) {
        const kids = this.resolve(dict.get('Kids'));
        if (!Array.isArray(kids)) throw malformed('page tree node without /Kids');
        for (const kid of kids) walk(kid, inherited, depth + 1);
      } else {
        out.push(this.pageInfo(out.length + 1, ref, dict, inherited));
      }
    };
    walk(this.catalog().get('Pages'), {}, 0);
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

/** Anything that escapes the parser other than a SealError is a bug we still must not leak as a crash. */
function wrapUnexpected(error: unknown): SealError {
  if (error instanceof SealError) return error;
  if (error instanceof RangeError) return tooComplex('PDF exceeded an internal limit');
  return malformed('PDF could not be read', undefined, error);
}
