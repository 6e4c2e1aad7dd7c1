import { forEachOperation } from './content-lexer';
import { PageInfo, PdfDocument } from './document';
import { SealError } from '../errors';
import { tooComplex } from './errors';
import { decodeStream } from './filters';
import { FontDecoder } from './font-decoder';
import { PdfDict, PdfName, PdfStream, PdfString, PdfValue, asNumber } from './objects';
import { PdfRect } from './placement';

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

function mul(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]];
}

interface PlacedGlyph {
  text: string;
  box: PdfRect;
}

const MAX_STATE_DEPTH = 64;

/**
 * Finds `needle` in the text a page draws (whitespace ignored on both sides, so text split across
 * operators or lines still matches) and returns the user-space box of each occurrence, in content
 * order. Text inside form XObjects is not searched.
 */
export function findTextOnPage(doc: PdfDocument, page: PageInfo, needle: string): PdfRect[] {
  const glyphs = layoutGlyphs(doc, page);
  const wanted = [...needle.replace(/\s+/g, '')];
  if (wanted.length === 0) return [];
  const chars: { ch: string; glyph: number }[] = [];
  glyphs.forEach((g, i) => {
    for (const ch of g.text.replace(/\s+/g, '')) chars.push({ ch, glyph: i });
  });
  const out: PdfRect[] = [];
  for (let i = 0; i + wanted.length <= chars.length; i++) {
    if (!wanted.every((ch, k) => chars[i + k].ch === ch)) continue;
    const boxes = chars.slice(i, i + wanted.length).map((c) => glyphs[c.glyph].box);
    out.push([
      Math.min(...boxes.map((b) => b[0])),
      Math.min(...boxes.map((b) => b[1])),
      Math.max(...boxes.map((b) => b[2])),
      Math.max(...boxes.map((b) => b[3])),
    ]);
    i += wanted.length - 1;
  }
  return out;
}

/** The user-space box of every visible (non-blank) glyph the page draws: where text is, for automatic placement. */
export function textBoxesOnPage(doc: PdfDocument, page: PageInfo): PdfRect[] {
  return layoutGlyphs(doc, page)
    .filter((g) => g.text.trim() !== '')
    .map((g) => g.box);
}

function layoutGlyphs(doc: PdfDocument, page: PageInfo): PlacedGlyph[] {
  const resources = inheritedResources(doc, page);
  const fonts = doc.resolveDict(resources?.get('Font'));
  const decoders = new Map<string, FontDecoder>();
  const glyphs: PlacedGlyph[] = [];
  const stack: { ctm: Matrix; ts: TextState }[] = [];
  let ctm: Matrix = [...IDENTITY];
  let ts: TextState = { font: undefined, size: 0, charSpace: 0, wordSpace: 0, scale: 1, leading: 0, rise: 0 };
  let tm: Matrix = [...IDENTITY];
  let tlm: Matrix = [...IDENTITY];

  const show = (value: PdfValue) => {
    if (!(value instanceof PdfString) || !ts.font) return;
    for (const g of ts.font.decode(value.bytes)) {
      const trm = mul(mul([ts.size * ts.scale, 0, 0, ts.size, 0, ts.rise], tm), ctm);
      const corners = [apply(trm, 0, -0.2), apply(trm, g.width / 1000, -0.2), apply(trm, 0, 0.8), apply(trm, g.width / 1000, 0.8)];
      const xs = corners.map((c) => c[0]);
      const ys = corners.map((c) => c[1]);
      glyphs.push({ text: g.text, box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] });
      const tx = ((g.width / 1000) * ts.size + ts.charSpace + (g.isSpace ? ts.wordSpace : 0)) * ts.scale;
      tm = mul([1, 0, 0, 1, tx, 0], tm);
    }
  };
  const nextLine = () => {
    tlm = mul([1, 0, 0, 1, 0, -ts.leading], tlm);
    tm = [...tlm];
  };
  const n = (v: PdfValue | undefined) => asNumber(v) ?? 0;

  forEachOperation(pageContent(doc, page), doc.limits.maxDepth, doc.budget, (op, args) => {
    switch (op) {
      case 'q':
        if (stack.length < MAX_STATE_DEPTH) stack.push({ ctm: [...ctm], ts: { ...ts } });
        break;
      case 'Q':
        ({ ctm, ts } = stack.pop() ?? { ctm, ts });
        break;
      case 'cm':
        if (args.length === 6) ctm = mul(args.map(n) as Matrix, ctm);
        break;
      case 'BT':
        tm = [...IDENTITY];
        tlm = [...IDENTITY];
        break;
      case 'Tf': {
        const name = args[0];
        if (name instanceof PdfName) {
          if (!decoders.has(name.value)) decoders.set(name.value, new FontDecoder(doc, doc.resolveDict(fonts?.get(name.value))));
          ts.font = decoders.get(name.value);
        }
        ts.size = n(args[1]);
        break;
      }
      case 'Tc':
        ts.charSpace = n(args[0]);
        break;
      case 'Tw':
        ts.wordSpace = n(args[0]);
        break;
      case 'Tz':
        ts.scale = n(args[0]) / 100;
        break;
      case 'TL':
        ts.leading = n(args[0]);
        break;
      case 'Ts':
        ts.rise = n(args[0]);
        break;
      case 'Td':
      case 'TD':
        if (op === 'TD') ts.leading = -n(args[1]);
        tlm = mul([1, 0, 0, 1, n(args[0]), n(args[1])], tlm);
        tm = [...tlm];
        break;
      case 'Tm':
        if (args.length === 6) {
          tlm = args.map(n) as Matrix;
          tm = [...tlm];
        }
        break;
      case 'T*':
        nextLine();
        break;
      case 'Tj':
        show(args[0]);
        break;
      case "'":
        nextLine();
        show(args[0]);
        break;
      case '"':
        ts.wordSpace = n(args[0]);
        ts.charSpace = n(args[1]);
        nextLine();
        show(args[2]);
        break;
      case 'TJ':
        if (Array.isArray(args[0])) {
          for (const item of args[0]) {
            if (typeof item === 'number') tm = mul([1, 0, 0, 1, (-item / 1000) * ts.size * ts.scale, 0], tm);
            else show(item);
          }
        }
        break;
      default:
        break;
    }
  });
  return glyphs;
}

interface TextState {
  font: FontDecoder | undefined;
  size: number;
  charSpace: number;
  wordSpace: number;
  scale: number;
  leading: number;
  rise: number;
}

/**
 * The page's content streams, decoded and joined (they form one stream, §7.8.2). maxDecodedBytes
 * bounds the page as a whole: /Contents may list one small Flate bomb thousands of times.
 */
function pageContent(doc: PdfDocument, page: PageInfo): Uint8Array {
  const contents = doc.resolve(page.dict.get('Contents'));
  const list = Array.isArray(contents) ? contents : [contents];
  const parts: Uint8Array[] = [];
  let left = doc.limits.maxDecodedBytes;
  for (const item of list) {
    doc.budget.tick();
    const stream = doc.resolve(item);
    if (!(stream instanceof PdfStream)) continue;
    let data: Uint8Array;
    try {
      data = decodeStream(stream, left);
    } catch (error) {
      if (error instanceof SealError && error.code === 'PDF_TOO_COMPLEX')
        throw tooComplex('page content exceeds the decoded size limit', { maxDecodedBytes: doc.limits.maxDecodedBytes });
      continue; // A stream with a filter we do not decode (or broken data) just contributes no text.
    }
    left -= data.length + 1;
    if (left < 1) throw tooComplex('page content exceeds the decoded size limit', { maxDecodedBytes: doc.limits.maxDecodedBytes });
    parts.push(data, Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

function inheritedResources(doc: PdfDocument, page: PageInfo): PdfDict | undefined {
  let node: PdfDict | undefined = page.dict;
  for (let depth = 0; node && depth < doc.limits.maxDepth; depth++) {
    const resources = doc.resolveDict(node.get('Resources'));
    if (resources) return resources;
    node = doc.resolveDict(node.get('Parent'));
  }
  return undefined;
}
