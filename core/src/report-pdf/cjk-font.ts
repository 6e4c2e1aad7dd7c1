import * as fontkit from 'fontkit';
import { SealError } from '../errors';
import { refText, type ObjectRef, type PdfObjectWriter } from './pdf-object-writer';

/**
 * Parsed faces by font buffer and PostScript name. Parsing a CJK face (its character map above all) costs
 * more than typesetting a report, and a collection parses its faces anew on every access: keep them.
 */
const PARSED = new WeakMap<Uint8Array, Map<string | undefined, fontkit.Font>>();

function openFace(bytes: Uint8Array, postscriptName: string | undefined): fontkit.Font {
  let opened: fontkit.Font | fontkit.FontCollection;
  try {
    opened = fontkit.create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (cause) {
    throw new SealError('VALIDATION_FAILED', 'the report font cannot be read', { cause });
  }
  const faces = 'fonts' in opened ? opened.fonts : [opened];
  const font = postscriptName === undefined ? faces[0] : faces.find((f) => f.postscriptName === postscriptName);
  if (font === undefined) {
    throw new SealError('VALIDATION_FAILED', 'the report font has no such face', {
      details: { postscriptName, faces: faces.map((f) => f.postscriptName) },
    });
  }
  return font;
}

/**
 * A TrueType CJK font embedded as a subset: text is written as two-byte glyph ids of the subset
 * (Identity-H), and a ToUnicode CMap maps them back to the characters so text extraction and search
 * work. Only the glyphs used end up in the file (a full CJK font is several megabytes).
 */
export class CjkFont {
  readonly #font: fontkit.Font;
  readonly #subset: fontkit.Subset;
  /** Subset glyph id -> the text it stands for, and its advance in 1/1000 em. */
  readonly #used = new Map<number, { text: string; width: number }>();
  readonly #scale: number;
  /** Advance widths by code point, in 1/1000 em: layout measures every character many times. */
  readonly #advances = new Map<number, number>();

  private constructor(font: fontkit.Font) {
    this.#font = font;
    this.#subset = font.createSubset();
    this.#scale = 1000 / font.unitsPerEm;
    // Glyph 0 (.notdef) is always the subset's first glyph.
    this.#subset.includeGlyph(0);
  }

  /**
   * Opens a TrueType font or one face of a TrueType collection (.ttc) by its PostScript name (the
   * first face when none is given). Fonts with PostScript outlines (CFF) are not supported here.
   */
  static open(bytes: Uint8Array, postscriptName?: string): CjkFont {
    const faces = PARSED.get(bytes) ?? new Map<string | undefined, fontkit.Font>();
    PARSED.set(bytes, faces);
    let font = faces.get(postscriptName);
    if (font === undefined) {
      font = openFace(bytes, postscriptName);
      faces.set(postscriptName, font);
    }
    return new CjkFont(font);
  }

  /** Width of the text at `size` points. */
  measure(text: string, size: number): number {
    let width = 0;
    for (const ch of text) width += this.#advance(ch.codePointAt(0)!);
    return (width * size) / 1000;
  }

  #advance(codePoint: number): number {
    let advance = this.#advances.get(codePoint);
    if (advance === undefined) {
      advance = this.#font.glyphForCodePoint(codePoint).advanceWidth * this.#scale;
      this.#advances.set(codePoint, advance);
    }
    return advance;
  }

  /** The text as a hex string of subset glyph ids, for a Tj operator; records the glyphs used. */
  encode(text: string): string {
    let hex = '<';
    for (const ch of text) {
      const glyph = this.#font.glyphForCodePoint(ch.codePointAt(0)!);
      const id = this.#subset.includeGlyph(glyph);
      if (!this.#used.has(id)) this.#used.set(id, { text: ch, width: Math.round(glyph.advanceWidth * this.#scale) });
      hex += id.toString(16).padStart(4, '0');
    }
    return `${hex}>`;
  }

  /** Writes the Type0 font with its CIDFontType2 descendant, the subset font file and the ToUnicode CMap. */
  embed(writer: PdfObjectWriter, tag: string, ref: ObjectRef = writer.reserve()): ObjectRef {
    const font = this.#font;
    const scale = (v: number) => Math.round(v * this.#scale);
    // Subset fonts are named with a six-letter tag (ISO 32000-1, 9.6.4).
    const name = `${tag}+${font.postscriptName.replace(/[^A-Za-z0-9-]/g, '')}`;
    const file = this.#subset.encode();
    const fontFile = writer.stream(file, `/Length1 ${file.length}`);
    const descriptor = writer.object(
      `<< /Type /FontDescriptor /FontName /${name} /Flags 4 /FontBBox [${[font.bbox.minX, font.bbox.minY, font.bbox.maxX, font.bbox.maxY]
        .map(scale)
        .join(' ')}] /ItalicAngle ${font.italicAngle} /Ascent ${scale(font.ascent)} /Descent ${scale(font.descent)} /CapHeight ${scale(
        font.capHeight || font.ascent,
      )} /StemV 80 /FontFile2 ${refText(fontFile)} >>`,
    );
    const ids = [...this.#used.keys()].sort((a, b) => a - b);
    const widths = ids.map((id) => `${id} [${this.#used.get(id)!.width}]`).join(' ');
    const cidFont = writer.object(
      `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /${name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${refText(
        descriptor,
      )} /DW 1000 /W [${widths}] /CIDToGIDMap /Identity >>`,
    );
    const toUnicode = writer.stream(Buffer.from(this.#toUnicodeCmap(ids), 'latin1'));
    return writer.object(
      `<< /Type /Font /Subtype /Type0 /BaseFont /${name} /Encoding /Identity-H /DescendantFonts [${refText(cidFont)}] /ToUnicode ${refText(
        toUnicode,
      )} >>`,
      ref,
    );
  }

  #toUnicodeCmap(ids: number[]): string {
    const entries = ids.map((id) => {
      const utf16 = Buffer.from(this.#used.get(id)!.text, 'utf16le').swap16().toString('hex');
      return `<${id.toString(16).padStart(4, '0')}> <${utf16}>`;
    });
    const chunks: string[] = [];
    // At most 100 entries per beginbfchar block (PDF CMap rules).
    for (let i = 0; i < entries.length; i += 100) {
      const block = entries.slice(i, i + 100);
      chunks.push(`${block.length} beginbfchar\n${block.join('\n')}\nendbfchar`);
    }
    return [
      '/CIDInit /ProcSet findresource begin',
      '12 dict begin',
      'begincmap',
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
      '/CMapName /Adobe-Identity-UCS def',
      '/CMapType 2 def',
      '1 begincodespacerange',
      '<0000> <FFFF>',
      'endcodespacerange',
      ...chunks,
      'endcmap',
      'CMapName currentdict /CMap defineresource pop',
      'end',
      'end',
    ].join('\n');
  }
}
