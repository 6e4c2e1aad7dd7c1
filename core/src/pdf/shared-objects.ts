import { resolveLimits, PdfLimits } from './limits';
import { PdfStream, asInt } from './objects';
import { IndirectObject } from './parser';

/**
 * Objects parsed at a byte offset, shared by the documents read from prefixes of one file (the file
 * and its earlier revisions): the same bytes at the same offset parse to the same value, so each
 * object is parsed once however many revisions are read.
 *
 * An object is shared only when its parse provably read nothing outside the bytes both documents
 * hold: it ends with "endobj" before the end of each document, and, for a stream, its body is the
 * direct /Length. (An indirect /Length is looked up in each document's own xref; a /Length that was
 * not honoured may have failed only because it pointed past the end of the shorter document.)
 * Values are shared by identity, so they must be treated as immutable (as the document cache is).
 */
export class SharedObjects {
  readonly maxDepth: number;
  private readonly byOffset = new Map<number, IndirectObject>();

  constructor(
    readonly bytes: Uint8Array,
    limits?: Partial<PdfLimits>,
  ) {
    this.maxDepth = resolveLimits(limits).maxDepth;
  }

  /** Whether a document over `bytes` that parses with `maxDepth` reads these same bytes the same way. */
  fits(bytes: Uint8Array, maxDepth: number): boolean {
    return (
      bytes.buffer === this.bytes.buffer &&
      bytes.byteOffset === this.bytes.byteOffset &&
      bytes.length <= this.bytes.length &&
      maxDepth === this.maxDepth
    );
  }

  /** The object parsed at `offset`, if it lies wholly inside a document of `length` bytes. */
  get(offset: number, length: number): IndirectObject | undefined {
    const found = this.byOffset.get(offset);
    return found && found.end < length ? found : undefined;
  }

  /** Keeps an object parsed at `offset` by a document of `length` bytes, when it is safe to share. */
  remember(offset: number, length: number, object: IndirectObject): void {
    if (!object.closed || object.end >= length) return;
    if (object.value instanceof PdfStream && asInt(object.value.dict.get('Length')) !== object.value.raw.length) return;
    this.byOffset.set(offset, object);
  }
}
