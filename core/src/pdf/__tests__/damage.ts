/**
 * Damaged variants of real producers' PDFs, made at test time: the defects readers repair silently
 * (qpdf, pdf.js, poppler) and that scanners, mailers and hand edits leave behind.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PdfDocument } from '../document';
import { decodeStream } from '../filters';
import { PdfDict, PdfName, PdfStream, isName } from '../objects';
import { encodeIndirectObject } from '../serialize';
import { encodeAscii85, encodeAsciiHex, encodeLzw, encodeRunLength } from './filter-encoders';
import { fixture } from './helpers';

export interface Source {
  name: string;
  pdf: Uint8Array;
}

/** Our fixtures (Ghostscript, qpdf, cairo), plus the PDF manuals Debian packages install (pdfTeX, Apache FOP, …) when present. */
export function realProducerFiles(maxBytes = 1_500_000): Source[] {
  const ours = [
    'ghostscript-classic.pdf',
    'qpdf-object-streams.pdf',
    'qpdf-linearized.pdf',
    'qpdf-linearized-object-streams.pdf',
    'cairo.pdf',
  ];
  return [...ours.map((name) => ({ name, pdf: fixture(name) })), ...packagedManuals(maxBytes)];
}

const DOC_ROOT = '/usr/share/doc';

function packagedManuals(maxBytes: number): Source[] {
  if (!existsSync(DOC_ROOT)) return [];
  const out: Source[] = [];
  for (const pkg of readdirSync(DOC_ROOT).sort()) {
    let names: string[];
    try {
      names = readdirSync(join(DOC_ROOT, pkg));
    } catch {
      continue;
    }
    for (const name of names.filter((n) => /\.pdf(\.gz)?$/.test(n)).sort()) {
      const path = join(DOC_ROOT, pkg, name);
      if (statSync(path).size > maxBytes) continue;
      const raw = readFileSync(path);
      const pdf = name.endsWith('.gz') ? gunzipSync(raw) : raw;
      if (pdf.length <= maxBytes && pdf.subarray(0, 5).toString('latin1') === '%PDF-')
        out.push({ name: `${pkg}/${name}`, pdf: new Uint8Array(pdf) });
    }
  }
  return out;
}

export type Damage = (pdf: Uint8Array) => Uint8Array | undefined;

/** Rewriting every stream is slow in test code: large files get the cheap byte-level damages only. */
const MAX_REWRITE_BYTES = 400_000;

const text = (pdf: Uint8Array) => Buffer.from(pdf).toString('latin1');
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

/** Replaces the value of the last startxref. */
function withStartxref(pdf: Uint8Array, value: number): Uint8Array {
  const s = text(pdf);
  const at = s.lastIndexOf('startxref');
  return bytes(s.slice(0, at) + s.slice(at).replace(/startxref\s+\d+/, `startxref\n${value}`));
}

/** Blanks a match with spaces of the same length, so every offset stays right. */
function blank(pdf: Uint8Array, pattern: RegExp): Uint8Array | undefined {
  const s = text(pdf);
  const m = pattern.exec(s);
  if (!m) return undefined;
  return bytes(s.slice(0, m.index) + ' '.repeat(m[0].length) + s.slice(m.index + m[0].length));
}

/** The root /Pages object's text, when it is a plain object (not inside an object stream). */
function rootPagesText(pdf: Uint8Array): { start: number; end: number } | undefined {
  const doc = PdfDocument.open(pdf);
  const ref = doc.catalog().get('Pages');
  const entry = ref && 'num' in (ref as object) ? doc.entry((ref as { num: number }).num) : undefined;
  if (!entry || entry.type !== 'offset') return undefined;
  const end = text(pdf).indexOf('endobj', entry.offset);
  return { start: entry.offset, end };
}

/** The cheap, byte-level damages to the cross-reference data: enough for the largest files. */
export const XREF_DAMAGES = [
  'startxref outside the file',
  'startxref at garbage',
  'offsets shifted (bytes inserted after the header)',
  'xref deleted',
];

export const DAMAGES: Record<string, Damage> = {
  'startxref outside the file': (pdf) => withStartxref(pdf, pdf.length + 1000),
  'startxref at garbage': (pdf) => withStartxref(pdf, Math.floor(pdf.length / 2)),
  'offsets shifted (bytes inserted after the header)': (pdf) => {
    const s = text(pdf);
    const eol = s.indexOf('\n') + 1;
    return bytes(s.slice(0, eol) + '%' + ' '.repeat(137) + '\n' + s.slice(eol));
  },
  'xref deleted': (pdf) => {
    // The last section in file order (a linearised file's startxref names its first-page section).
    // An xref stream is an object: the cut starts at its "n 0 obj" header, its own offset.
    const start = Math.max(...PdfDocument.open(pdf).chain.sections.map((s) => s.offset));
    return bytes(text(pdf).slice(0, start) + '\n%%EOF\n');
  },
  'trailer missing': (pdf) => blank(pdf, /trailer\s*<<(?:[^<>]|<<[^<>]*>>|<[^<>]*>)*>>/g),
  'truncated (last 3% cut)': (pdf) => pdf.subarray(0, Math.floor(pdf.length * 0.97)),
  'page tree /Count missing': (pdf) => {
    const at = rootPagesText(pdf);
    if (!at) return undefined;
    const s = text(pdf);
    const inner = s.slice(at.start, at.end).replace(/\/Count\s+\d+/, (m) => ' '.repeat(m.length));
    return bytes(s.slice(0, at.start) + inner + s.slice(at.end));
  },
  'page tree /Count wrong': (pdf) => {
    const at = rootPagesText(pdf);
    if (!at) return undefined;
    const s = text(pdf);
    const inner = s
      .slice(at.start, at.end)
      .replace(/\/Count(\s+)(\d+)/, (_m, ws: string, n: string) => `/Count${ws}${'9'.repeat(n.length)}`);
    return bytes(s.slice(0, at.start) + inner + s.slice(at.end));
  },
  'rewritten with ASCII85 streams and xref stream': (pdf) => rewriteWithFilter(pdf, 'ASCII85Decode'),
  'rewritten with ASCIIHex streams and xref stream': (pdf) => rewriteWithFilter(pdf, 'ASCIIHexDecode'),
  'rewritten with LZW streams and xref stream': (pdf) => rewriteWithFilter(pdf, 'LZWDecode'),
  'rewritten with RunLength streams and xref stream': (pdf) => rewriteWithFilter(pdf, 'RunLengthDecode'),
};

const ENCODE: Record<string, (data: Uint8Array) => Buffer> = {
  ASCII85Decode: encodeAscii85,
  ASCIIHexDecode: encodeAsciiHex,
  LZWDecode: encodeLzw,
  RunLengthDecode: encodeRunLength,
};

/**
 * Writes the document again, every object plain, every stream we can decode re-encoded with
 * `filter`, and an xref stream in the same filter: a valid file whose structure needs that decoder.
 */
export function rewriteWithFilter(pdf: Uint8Array, filter: keyof typeof ENCODE): Uint8Array | undefined {
  if (pdf.length > MAX_REWRITE_BYTES) return undefined;
  const doc = PdfDocument.open(pdf);
  const parts: Buffer[] = [Buffer.from('%PDF-1.5\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0].length;
  const offsets: [number, number, number][] = []; // number, offset, generation
  const encode = ENCODE[filter];
  for (const num of [...doc.chain.entries.keys()].sort((a, b) => a - b)) {
    const entry = doc.entry(num)!;
    if (num === 0 || entry.type === 'free') continue;
    const gen = entry.type === 'offset' ? entry.gen : 0;
    const value = doc.getObject(num);
    if (value instanceof PdfStream && (isName(value.dict.get('Type'), 'XRef') || isName(value.dict.get('Type'), 'ObjStm'))) continue;
    let body: Buffer;
    if (value instanceof PdfStream) {
      let decoded: Uint8Array | undefined;
      try {
        decoded = decodeStream(value, 64 * 1024 * 1024);
      } catch {
        decoded = undefined; // images in DCT and the like stay as they are
      }
      if (decoded) {
        const dict = value.dict.clone();
        for (const key of ['Filter', 'DecodeParms', 'Length', 'DL']) dict.map.delete(key);
        dict.set('Filter', new PdfName(filter));
        body = encodeIndirectObject(num, gen, { dict, data: encode(decoded) });
      } else {
        body = encodeIndirectObject(num, gen, value);
      }
    } else {
      body = encodeIndirectObject(num, gen, value);
    }
    offsets.push([num, length, gen]);
    parts.push(body);
    length += body.length;
  }
  const xrefNum = Math.max(...offsets.map((o) => o[0])) + 1;
  offsets.push([xrefNum, length, 0]);
  const rows = Buffer.alloc(offsets.length * 7);
  offsets.forEach(([, offset, gen], i) => {
    rows[i * 7] = 1;
    rows.writeUInt32BE(offset, i * 7 + 1);
    rows.writeUInt16BE(gen, i * 7 + 5);
  });
  const trailer = new PdfDict()
    .set('Type', new PdfName('XRef'))
    .set('Size', xrefNum + 1)
    .set('W', [1, 4, 2])
    .set(
      'Index',
      offsets.flatMap(([num]) => [num, 1]),
    )
    .set('Root', doc.trailer.get('Root')!)
    .set('Filter', new PdfName(filter));
  const info = doc.trailer.get('Info');
  if (info) trailer.set('Info', info);
  parts.push(encodeIndirectObject(xrefNum, 0, { dict: trailer, data: encode(rows) }));
  parts.push(Buffer.from(`startxref\n${length}\n%%EOF\n`, 'latin1'));
  return new Uint8Array(Buffer.concat(parts));
}
