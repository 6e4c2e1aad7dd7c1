import { PdfDocument } from './document';
import { PdfDict, PdfName, PdfRef, PdfValue } from './objects';
import { NewStream, encodeIndirectObject, serializeValue } from './serialize';
import { deflateSync } from 'node:zlib';
import { malformed } from './errors';

/** Trailer keys that describe one xref section and so must not be copied into the next one. */
const SECTION_KEYS = ['Prev', 'XRefStm', 'Type', 'W', 'Index', 'Filter', 'DecodeParms', 'Length', 'Size', 'F', 'FFilter', 'FDecodeParms', 'DL'];

export interface EncodedUpdate {
  /** Bytes to append after the original file. */
  bytes: Buffer;
  /** Offset of each written object inside `bytes`. */
  offsets: Map<number, number>;
}

/**
 * Collects the objects of one new revision and encodes them, with an xref section in the same style
 * as the file's last one (table or stream) whose /Prev is the previous startxref.
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
    const entries = [...this.objects.entries()].map(([num, o]) => ({ num, gen: o.gen, offset: base + offsets.get(num)! }));
    const trailer = this.nextTrailer();
    const xrefAt = base + length;
    if (this.doc.chain.sections[0].kind === 'stream') {
      const ref = this.allocate();
      entries.push({ num: ref.num, gen: 0, offset: xrefAt });
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

  private nextTrailer(): PdfDict {
    const trailer = this.doc.trailer.clone();
    for (const key of SECTION_KEYS) trailer.map.delete(key);
    trailer.set('Prev', this.doc.chain.startxref);
    return trailer;
  }
}

/** Generation numbers are 16-bit in xref streams and 5 digits in tables: larger ones are hostile. */
function checkGeneration(ref: PdfRef): void {
  if (!Number.isInteger(ref.gen) || ref.gen < 0 || ref.gen > 65535) throw malformed('generation number out of range', { object: ref.num, gen: ref.gen });
}

interface Entry {
  num: number;
  gen: number;
  offset: number;
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

function encodeXrefTable(entries: Entry[]): string {
  let text = 'xref\n';
  for (const run of runs(entries)) {
    text += `${run[0].num} ${run.length}\n`;
    // Each entry is exactly 20 bytes, as §7.5.4 requires.
    for (const e of run) text += `${String(e.offset).padStart(10, '0')} ${String(e.gen).padStart(5, '0')} n\r\n`;
  }
  return text;
}

function encodeXrefStream(ref: PdfRef, entries: Entry[], trailer: PdfDict): Buffer {
  const groups = runs(entries);
  const maxOffset = Math.max(...entries.map((e) => e.offset));
  const offsetWidth = Math.max(1, Math.ceil(Math.log2(maxOffset + 1) / 8));
  const rowLength = 1 + offsetWidth + 2;
  const data = Buffer.alloc(entries.length * rowLength);
  let p = 0;
  for (const run of groups) {
    for (const e of run) {
      data[p] = 1;
      data.writeUIntBE(e.offset, p + 1, offsetWidth);
      data.writeUInt16BE(e.gen, p + 1 + offsetWidth);
      p += rowLength;
    }
  }
  const dict = trailer.clone()
    .set('Type', new PdfName('XRef'))
    .set('W', [1, offsetWidth, 2])
    .set('Index', groups.flatMap((run) => [run[0].num, run.length]))
    .set('Filter', new PdfName('FlateDecode'));
  // Keep the key order readable: Type first is conventional but not required.
  return encodeIndirectObject(ref.num, 0, { dict, data: deflateSync(data) });
}
