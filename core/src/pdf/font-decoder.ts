import { ToUnicodeMap, parseToUnicode } from './cmap';
import { PdfDocument } from './document';
import { decodeStream } from './filters';
import { PdfDict, PdfName, PdfStream, PdfValue, asNumber, isName } from './objects';
import { standardFontWidth } from './standard-widths';

/** One character code shown by a text operator. */
export interface ShownGlyph {
  text: string;
  /** Horizontal advance in glyph space (thousandths of the font size). */
  width: number;
  /** A single-byte code 32: word spacing (Tw) applies to it. */
  isSpace: boolean;
}

/**
 * Turns the bytes of a text-showing operator into characters and advances, well enough to find a
 * text anchor on a page: ToUnicode when present, else the byte as Latin-1 (simple fonts) or as
 * UCS-2 (CJK fonts with a UCS-2/UTF-16 CMap). Unknown codes read as U+FFFD.
 */
export class FontDecoder {
  private readonly toUnicode?: ToUnicodeMap;
  private readonly twoByte: boolean;
  private readonly ucs2: boolean;
  private readonly widths: (code: number) => number;

  constructor(doc: PdfDocument, font: PdfDict | undefined) {
    const subtype = font ? doc.resolve(font.get('Subtype')) : undefined;
    const composite = isName(subtype, 'Type0');
    const encoding = font ? doc.resolve(font.get('Encoding')) : undefined;
    const toUnicode = font ? doc.resolve(font.get('ToUnicode')) : undefined;
    if (toUnicode instanceof PdfStream) {
      try {
        this.toUnicode = parseToUnicode(decodeStream(toUnicode, doc.limits.maxDecodedBytes), doc.budget);
      } catch {
        this.toUnicode = undefined; // a broken ToUnicode only costs us text, never the signing
      }
    }
    this.twoByte = composite;
    this.ucs2 = composite && encoding instanceof PdfName && /UCS2|UTF16/.test(encoding.value);
    this.widths = composite ? compositeWidths(doc, font!) : simpleWidths(doc, font);
  }

  decode(bytes: Uint8Array): ShownGlyph[] {
    const out: ShownGlyph[] = [];
    const step = this.twoByte ? 2 : 1;
    for (let i = 0; i + step <= bytes.length; i += step) {
      const code = step === 2 ? (bytes[i] << 8) | bytes[i + 1] : bytes[i];
      let text = this.toUnicode?.lookup(code, step);
      if (text === undefined) text = this.ucs2 || !this.twoByte ? String.fromCharCode(code) : '\ufffd';
      out.push({ text, width: this.widths(code), isSpace: step === 1 && code === 32 });
    }
    return out;
  }
}

function simpleWidths(doc: PdfDocument, font: PdfDict | undefined): (code: number) => number {
  const first = font ? (asNumber(doc.resolve(font.get('FirstChar'))) ?? 0) : 0;
  const widths = font ? doc.resolve(font.get('Widths')) : undefined;
  const descriptor = font ? doc.resolveDict(font.get('FontDescriptor')) : undefined;
  const missing = asNumber(doc.resolve(descriptor?.get('MissingWidth'))) ?? 500;
  const baseFont = font ? doc.resolve(font.get('BaseFont')) : undefined;
  const standardName = !Array.isArray(widths) && baseFont instanceof PdfName ? baseFont.value : undefined;
  return (code) => {
    const w = Array.isArray(widths) ? asNumber(doc.resolve(widths[code - first])) : undefined;
    return w ?? (standardName ? standardFontWidth(standardName, code) : undefined) ?? missing;
  };
}

/** /W of the descendant CIDFont: [c [w1 w2 …]] and [c_first c_last w] runs; /DW otherwise. */
function compositeWidths(doc: PdfDocument, font: PdfDict): (code: number) => number {
  const descendants = doc.resolve(font.get('DescendantFonts'));
  const cidFont = Array.isArray(descendants) ? doc.resolveDict(descendants[0]) : undefined;
  const dw = asNumber(doc.resolve(cidFont?.get('DW'))) ?? 1000;
  const w = doc.resolve(cidFont?.get('W'));
  const table = new Map<number, number>();
  if (Array.isArray(w)) {
    for (let i = 0; i < w.length && table.size < 65536;) {
      const start = asNumber(doc.resolve(w[i]));
      const next: PdfValue | undefined = doc.resolve(w[i + 1]);
      if (start === undefined) break;
      if (Array.isArray(next)) {
        next.slice(0, 65536).forEach((v, k) => table.set(start + k, asNumber(doc.resolve(v)) ?? dw));
        i += 2;
      } else {
        const last = asNumber(next);
        const width = asNumber(doc.resolve(w[i + 2]));
        if (last === undefined || width === undefined) break;
        for (let c = start; c <= Math.min(last, start + 65535); c++) table.set(c, width);
        i += 3;
      }
    }
  }
  // With Identity-H (the common case) the code is the CID.
  return (code) => table.get(code) ?? dw;
}
