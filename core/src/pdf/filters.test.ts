import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PDFDict, PDFName, PDFNumber, PDFRawStream, PDFContext, decodePDFRawStream } from 'pdf-lib';
import { decodeStream } from './filters';
import { PdfDict, PdfName, PdfStream } from './objects';
import { encodeAscii85, encodeAsciiHex, encodeLzw, encodeRunLength } from './__tests__/filter-encoders';
import { fixture } from './__tests__/helpers';

const LIMIT = 64 * 1024 * 1024;

function ours(filters: string[], raw: Uint8Array, params?: PdfDict): Uint8Array {
  const dict = new PdfDict().set(
    'Filter',
    filters.map((f) => new PdfName(f)),
  );
  if (params) dict.set('DecodeParms', [params]);
  return decodeStream(new PdfStream(dict, raw), LIMIT);
}

/** pdf-lib's decoders (ports of pdf.js) as the independent reading of the same bytes. */
function pdfLib(filter: string, raw: Uint8Array): Uint8Array {
  const context = PDFContext.create();
  const dict = PDFDict.withContext(context);
  dict.set(PDFName.of('Filter'), PDFName.of(filter));
  dict.set(PDFName.of('Length'), PDFNumber.of(raw.length));
  return decodePDFRawStream(PDFRawStream.of(dict, raw)).decode();
}

const ENCODERS: Record<string, (data: Uint8Array) => Buffer> = {
  ASCIIHexDecode: encodeAsciiHex,
  ASCII85Decode: encodeAscii85,
  RunLengthDecode: encodeRunLength,
  LZWDecode: encodeLzw,
};

// Real content (a producer's page stream and fonts) and random bytes, which stress LZW table resets.
const samples = (): Uint8Array[] => [
  fixture('ghostscript-classic.pdf'),
  randomBytes(20_000),
  new Uint8Array(5000).fill(0),
  new Uint8Array(0),
  randomBytes(1),
];

describe('standard stream filters', () => {
  it.each(Object.keys(ENCODERS))('%s decodes what pdf-lib decodes, and gives back the original', (filter) => {
    for (const data of samples()) {
      const encoded = ENCODERS[filter](data);
      expect(Buffer.from(pdfLib(filter, encoded)).equals(Buffer.from(data))).toBe(true);
      expect(Buffer.from(ours([filter], encoded)).equals(Buffer.from(data))).toBe(true);
    }
  });

  it('reads the abbreviated names and a chain of ASCII85 around Flate', () => {
    const data = randomBytes(3000);
    expect(Buffer.from(ours(['A85', 'Fl'], encodeAscii85(deflateSync(data)))).equals(data)).toBe(true);
    expect(Buffer.from(ours(['AHx'], encodeAsciiHex(data))).equals(data)).toBe(true);
    expect(Buffer.from(ours(['RL'], encodeRunLength(data))).equals(data)).toBe(true);
    expect(Buffer.from(ours(['LZW'], encodeLzw(data))).equals(data)).toBe(true);
  });

  it('applies a PNG predictor after LZW, as after Flate', () => {
    // Two rows of three bytes, "Up" filtered: the second row adds to the first.
    const predicted = Buffer.from([2, 1, 2, 3, 2, 1, 1, 1]);
    const params = new PdfDict().set('Predictor', 12).set('Columns', 3);
    expect([...ours(['LZWDecode'], encodeLzw(predicted), params)]).toEqual([1, 2, 3, 2, 3, 4]);
  });

  it('stops expanding filters at the decoded size limit', () => {
    const bomb = Buffer.from([...Array(1000)].flatMap(() => [129, 0x41])); // 1000 runs of 128 bytes
    const stream = new PdfStream(new PdfDict().set('Filter', new PdfName('RunLengthDecode')), bomb);
    expect(() => decodeStream(stream, 10_000)).toThrow(expect.objectContaining({ code: 'PDF_TOO_COMPLEX' }));
    const lzw = new PdfStream(new PdfDict().set('Filter', new PdfName('LZWDecode')), encodeLzw(new Uint8Array(100_000)));
    expect(() => decodeStream(lzw, 10_000)).toThrow(expect.objectContaining({ code: 'PDF_TOO_COMPLEX' }));
  });

  it('refuses corrupt data with PDF_MALFORMED', () => {
    expect(() => ours(['ASCIIHexDecode'], Buffer.from('4G>'))).toThrow(expect.objectContaining({ code: 'PDF_MALFORMED' }));
    expect(() => ours(['ASCII85Decode'], Buffer.from('ab{cd~>'))).toThrow(expect.objectContaining({ code: 'PDF_MALFORMED' }));
    expect(() => ours(['ASCII85Decode'], Buffer.from('s8W-"~>'))).toThrow(expect.objectContaining({ code: 'PDF_MALFORMED' }));
    expect(() => ours(['LZWDecode'], Buffer.from([0xff, 0xff, 0xff]))).toThrow(expect.objectContaining({ code: 'PDF_MALFORMED' }));
    expect(() => ours(['DCTDecode'], Buffer.from([1]))).toThrow(expect.objectContaining({ code: 'PDF_MALFORMED' }));
  });
});
