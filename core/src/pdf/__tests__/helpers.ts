import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { PdfDocument } from '../document';
import { IncrementalUpdate } from '../incremental';
import { ContainerInput } from '../sign';

export const FIXTURES = join(__dirname, '..', '__fixtures__');

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)));
}

/** Encodes a PNG with filter type `filter` on every row (tests the decoder's unfiltering). */
export function encodePng(
  width: number,
  height: number,
  colorType: 0 | 2 | 3 | 4 | 6,
  pixel: (x: number, y: number) => number[],
  options: { palette?: number[][]; trns?: number[]; filter?: number } = {},
): Uint8Array {
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType];
  const stride = width * channels;
  const raw = Buffer.alloc((stride + 1) * height);
  const filter = options.filter ?? 0;
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(stride);
    for (let x = 0; x < width; x++) pixel(x, y).forEach((v, c) => (row[x * channels + c] = v));
    raw[y * (stride + 1)] = filter;
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? row[i - channels] : 0;
      const b = prev[i];
      const c = i >= channels ? prev[i - channels] : 0;
      const predicted = filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : filter === 4 ? paeth(a, b, c) : 0;
      raw[y * (stride + 1) + 1 + i] = (row[i] - predicted) & 0xff;
    }
    prev = row;
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = colorType;
  const chunks = [chunk('IHDR', ihdr)];
  if (options.palette) chunks.push(chunk('PLTE', Buffer.from(options.palette.flat())));
  if (options.trns) chunks.push(chunk('tRNS', Buffer.from(options.trns)));
  chunks.push(chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a),
    pb = Math.abs(p - b),
    pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** A red ring with a transparent background, like a real seal imprint. */
export function sealImprint(size = 120): Uint8Array {
  return encodePng(
    size,
    size,
    6,
    (x, y) => {
      const d = Math.hypot(x - size / 2, y - size / 2);
      const ring = d < size / 2 - 1 && d > size / 2 - 8;
      const dot = d < size / 8;
      return [210, 0, 0, ring || dot ? 255 : 0];
    },
    { filter: 4 },
  );
}

/** A fake DER SEQUENCE of the given total length: the crypto is tested elsewhere. */
export function fakeDer(totalLength: number, fill = 0xab): Uint8Array {
  const body = totalLength - 4;
  const out = Buffer.alloc(totalLength, fill);
  out[0] = 0x30;
  out[1] = 0x82;
  out.writeUInt16BE(body, 2);
  return out;
}

export const recordingContainer = (length = 600) => {
  const calls: ContainerInput[] = [];
  const make = async (input: ContainerInput) => {
    calls.push(input);
    return fakeDer(length);
  };
  return { calls, make };
};

export async function pdfLibDocument(pages: number, useObjectStreams: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setCreationDate(new Date('2024-01-01T00:00:00Z'));
  doc.setModificationDate(new Date('2024-01-01T00:00:00Z'));
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595.28, 841.89]);
    page.drawText(`pdf-lib page ${i + 1}`, { x: 50, y: 780, size: 18, font });
  }
  return doc.save({ useObjectStreams });
}

export const SIGNING_TIME = new Date('2026-01-02T03:04:05Z');

/**
 * Builds a small PDF by hand with a classic xref table, so tests control every byte.
 * `objects[n]` is the text between "n 0 obj" and "endobj".
 */
export function handmadePdf(objects: Record<number, string>, trailer: string, header = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'): Uint8Array {
  let body = header;
  const offsets = new Map<number, number>();
  for (const [num, text] of Object.entries(objects)) {
    offsets.set(Number(num), Buffer.byteLength(body, 'latin1'));
    body += `${num} 0 obj\n${text}\nendobj\n`;
  }
  const size = Math.max(...offsets.keys()) + 1;
  const xrefAt = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${size}\n0000000000 65535 f\r\n`;
  for (let n = 1; n < size; n++) {
    const off = offsets.get(n);
    body += off === undefined ? '0000000000 00000 f\r\n' : `${String(off).padStart(10, '0')} 00000 n\r\n`;
  }
  body += `trailer\n<< /Size ${size} ${trailer} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, 'latin1'));
}

/** The three objects of a minimal one-page document. */
export const MINIMAL_OBJECTS: Record<number, string> = {
  1: '<< /Type /Catalog /Pages 2 0 R >>',
  2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
  4: '<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 712 Td (Hello) Tj ET\n0 0 m\nendstream',
};

export function minimalPdf(extraObjects: Record<number, string> = {}, trailerExtra = ''): Uint8Array {
  return handmadePdf({ ...MINIMAL_OBJECTS, ...extraObjects }, `/Root 1 0 R ${trailerExtra}`);
}

export async function expectSealError(fn: () => unknown, code: string): Promise<void> {
  try {
    await fn();
  } catch (error) {
    expect((error as { code?: string }).code).toBe(code);
    return;
  }
  throw new Error(`expected SealError ${code}, nothing was thrown`);
}

/** PNG "Up" predictor rows (filter byte 2) as writers use for xref streams with /Predictor 12. */
function upPredicted(rows: number[][]): Buffer {
  const out: number[] = [];
  let prev = rows[0].map(() => 0);
  for (const row of rows) {
    out.push(2, ...row.map((v, i) => (v - prev[i]) & 0xff));
    prev = row;
  }
  return deflateSync(Buffer.from(out));
}

/**
 * A PDF 1.5 file: objects 2..4 live in object stream 5; the xref stream (6) is PNG-predicted.
 * Optionally a classic table with /XRefStm makes it a hybrid file.
 */
export function objectStreamPdf(hybrid = false): Uint8Array {
  const members = [MINIMAL_OBJECTS[2], MINIMAL_OBJECTS[3].replace('/Contents 4 0 R', ''), '<< /Producer (handmade) >>'];
  let offsets = '';
  let data = '';
  members.forEach((m, i) => {
    offsets += `${i + 2} ${data.length} `;
    data += m + '\n';
  });
  const objStm = deflateSync(Buffer.from(offsets + data, 'latin1'));
  let body = Buffer.from('%PDF-1.5\n', 'latin1');
  const append = (b: Buffer) => (body = Buffer.concat([body, b]));
  const catalogAt = body.length;
  append(Buffer.from('1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n', 'latin1'));
  const objStmAt = body.length;
  append(
    Buffer.concat([
      Buffer.from(
        `5 0 obj\n<< /Type /ObjStm /N 3 /First ${offsets.length} /Filter /FlateDecode /Length ${objStm.length} >>\nstream\n`,
        'latin1',
      ),
      objStm,
      Buffer.from('\nendstream\nendobj\n'),
    ]),
  );
  const xrefAt = body.length;
  const rows = [
    [0, 0, 0, 255],
    [1, catalogAt >> 8, catalogAt & 0xff, 0],
    [2, 0, 5, 0],
    [2, 0, 5, 1],
    [2, 0, 5, 2],
    [1, objStmAt >> 8, objStmAt & 0xff, 0],
    [1, xrefAt >> 8, xrefAt & 0xff, 0],
  ];
  const xref = upPredicted(rows);
  append(
    Buffer.concat([
      Buffer.from(
        `6 0 obj\n<< /Type /XRef /Size 7 /W [1 2 1] /Root 1 0 R /Info 4 0 R /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 4 >> /Length ${xref.length} >>\nstream\n`,
        'latin1',
      ),
      xref,
      Buffer.from('\nendstream\nendobj\n', 'latin1'),
    ]),
  );
  if (!hybrid) {
    append(Buffer.from(`startxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
    return new Uint8Array(body);
  }
  // Hybrid: a classic table lists the plain objects and points at the stream for the compressed ones.
  const tableAt = body.length;
  const e = (n: number) => `${String(n).padStart(10, '0')} 00000 n\r\n`;
  append(
    Buffer.from(
      `xref\n0 7\n0000000000 65535 f\r\n${e(catalogAt)}0000000000 00000 f\r\n0000000000 00000 f\r\n0000000000 00000 f\r\n${e(objStmAt)}${e(xrefAt)}trailer\n<< /Size 7 /Root 1 0 R /XRefStm ${xrefAt} >>\nstartxref\n${tableAt}\n%%EOF\n`,
      'latin1',
    ),
  );
  return new Uint8Array(body);
}

/** Appends an update made by `edit` (an attacker's or another tool's later revision). */
export function appendUpdate(pdf: Uint8Array, edit: (doc: PdfDocument, update: IncrementalUpdate) => void): Uint8Array {
  const doc = PdfDocument.open(pdf);
  const update = new IncrementalUpdate(doc);
  edit(doc, update);
  return new Uint8Array(Buffer.concat([pdf, update.encode().bytes]));
}
