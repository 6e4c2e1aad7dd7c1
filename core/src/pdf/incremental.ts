import { PdfDocument } from './document';
import { PdfDict, PdfName, PdfRef, PdfValue } from './objects';
import { NewStream, encodeIndirectObject, serializeValue } from './serialize';
import { deflateSync } from 'node:zlib';
import { malformed } from './errors';

/** Trailer keys that describe one xref section and so must not be copied into the next one. */
const SECTION_KEYS = [
  'Prev',
  'XRefStm',
  'Type',
  'W',
  'Index',
  'Filter',
  'DecodeParms',
  'Length',
  'Size',
  'F',
  'FFilter',
  'FDecodeParms',
  'DL',
];

export interface EncodedUpdate {
  /** Bytes to append after the original file. */
  bytes: Buffer;
  /** Offset of each written object inside `bytes`. */
  offsets: Map<number, number>;
}

/**
 * Collects the objects of one new revision and encodes them, with an xref section in the same style
 * as the file's last one (table or stream) whose /Prev is the previous startxref; after the object
 * table was rebuilt by scanning, a complete section without /Prev.
 */
export class IncrementalUpdate {
  private readonly objects = new Map<number, { gen: number; body: Buffer }>();
  private next: number;

  constructor(private readonly doc: PdfDocument) {
    // Some writers understate /Size; never reuse a number the xref already lists.
    let highest = 0;
    for (const num of doc.chain.entries.keys()) if (num > highest) highest = num;
    this.next = Math.max(doc.size, highest + 1, 1);
  }

  allocate(): PdfRef {
    return new PdfRef(this.next++, 0);
  }

  put(ref: PdfRef, value: PdfValue | NewStream): void {
    checkGeneration(ref);
    this.objects.set(ref.num, { gen: ref.gen, body: encodeIndirectObject(ref.num, ref.gen, value) });
  }

  /** An object whose text is prepared by the caller (the signature dictionary with its placeholders). */
  putRaw(ref: PdfRef, dictText: string): void {
    checkGeneration(ref);
    this.objects.set(ref.num, { gen: ref.gen, body: Buffer.from(`${ref.num} ${ref.gen} obj\n${dictText}\nendobj\n`, 'latin1') });
  }

  encode(): EncodedUpdate {
    const base = this.doc.bytes.length;
    const last = this.doc.bytes[base - 1];
    const chunks: Buffer[] = [];
    let length = 0;
    const push = (b: Buffer) => {
      chunks.push(b);
      length += b.length;
    };
    // The original must end with an EOL before our first object; its last byte is never changed.
    if (last !== 0x0a && last !== 0x0d) push(Buffer.from('\n'));
    const offsets = new Map<number, number>();
    for (const [num, { body }] of this.objects) {
      offsets.set(num, length);
      push(body);
    }
    const entries: Entry[] = [...this.objects.entries()].map(([num, o]) => ({ num, type: 1, f2: base + offsets.get(num)!, f3: o.gen }));
    // After a rebuild the file's own xref data is broken: the new section lists every object itself
    // (no /Prev into the broken chain), so any reader finds them without repairing.
    const complete = this.doc.xrefRebuilt;
    if (complete) entries.push(...this.carriedOver());
    const trailer = this.nextTrailer(complete);
    const xrefAt = base + length;
    const asStream = complete ? entries.some((e) => e.type === 2) : this.doc.chain.sections[0].kind === 'stream';
    if (asStream) {
      const ref = this.allocate();
      entries.push({ num: ref.num, type: 1, f2: xrefAt, f3: 0 });
      trailer.set('Size', Math.max(this.doc.size, this.next));
      offsets.set(ref.num, length);
      push(encodeXrefStream(ref, entries, trailer));
    } else {
      trailer.set('Size', Math.max(this.doc.size, this.next));
      push(Buffer.from(encodeXrefTable(entries) + `trailer\n${serializeValue(trailer)}\n`, 'latin1'));
    }
    push(Buffer.from(`startxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
    return { bytes: Buffer.concat(chunks, length), offsets };
  }

  private nextTrailer(complete: boolean): PdfDict {
    const trailer = this.doc.trailer.clone();
    for (const key of SECTION_KEYS) trailer.map.delete(key);
    if (!complete) trailer.set('Prev', this.doc.chain.startxref);
    return trailer;
  }

  /** Every object of the rebuilt table that this update does not replace, and the head of the free list. */
  private carriedOver(): Entry[] {
    const out: Entry[] = [{ num: 0, type: 0, f2: 0, f3: 65535 }];
    for (const [num, entry] of this.doc.chain.entries) {
      if (num === 0 || this.objects.has(num)) continue;
      if (entry.type === 'offset') out.push({ num, type: 1, f2: entry.offset, f3: entry.gen });
      else if (entry.type === 'compressed') out.push({ num, type: 2, f2: entry.stream, f3: entry.index });
    }
    return out;
  }
}

/** Generation numbers are 16-bit in xref streams and 5 digits in tables: larger ones are hostile. */
function checkGeneration(ref: PdfRef): void {
  if (!Number.isInteger(ref.gen) || ref.gen < 0 || ref.gen > 65535)
    throw malformed('generation number out of range', { object: ref.num, gen: ref.gen });
}

/** One xref row as an xref stream holds it: type 0 free (f3 = gen), 1 at an offset (f2 = offset, f3 = gen), 2 in an object stream (f2 = stream, f3 = index). */
interface Entry {
  num: number;
  type: 0 | 1 | 2;
  f2: number;
  f3: number;
}

/** Groups sorted object numbers into consecutive runs: the /Index pairs or table subsections. */
function runs(entries: Entry[]): Entry[][] {
  const sorted = [...entries].sort((a, b) => a.num - b.num);
  const out: Entry[][] = [];
  for (const e of sorted) {
    const run = out[out.length - 1];
    if (run && run[run.length - 1].num + 1 === e.num) run.push(e);
    else out.push([e]);
  }
  return out;
}

/** Tables cannot hold compressed entries: a file that has them gets an xref stream (see encode). */
function encodeXrefTable(entries: Entry[]): string {
  let text = 'xref\n';
  for (const run of runs(entries)) {
    text += `${run[0].num} ${run.length}\n`;
    // Each entry is exactly 20 bytes, as §7.5.4 requires.
    for (const e of run) text += `${String(e.f2).padStart(10, '0')} ${String(e.f3).padStart(5, '0')} ${e.type === 0 ? 'f' : 'n'}\r\n`;
  }
  return text;
}

function byteWidth(max: number): number {
  return Math.max(1, Math.ceil(Math.log2(max + 1) / 8));
}

function encodeXrefStream(ref: PdfRef, entries: Entry[], trailer: PdfDict): Buffer {
  const groups = runs(entries);
  const w2 = byteWidth(Math.max(...entries.map((e) => e.f2)));
  const w3 = Math.max(2, byteWidth(Math.max(...entries.map((e) => e.f3))));
  const rowLength = 1 + w2 + w3;
  const data = Buffer.alloc(entries.length * rowLength);
  let p = 0;
  for (const run of groups) {
    for (const e of run) {
      data[p] = e.type;
      data.writeUIntBE(e.f2, p + 1, w2);
      data.writeUIntBE(e.f3, p + 1 + w2, w3);
      p += rowLength;
    }
  }
  const dict = trailer
    .clone()
    .set('Type', new PdfName('XRef'))
    .set('W', [1, w2, w3])
    .set(
      'Index',
      groups.flatMap((run) => [run[0].num, run.length]),
    )
    .set('Filter', new PdfName('FlateDecode'));
  // Keep the key order readable: Type first is conventional but not required.
  return encodeIndirectObject(ref.num, 0, { dict, data: deflateSync(data) });
}
