import { PdfDict, PdfName, PdfRef, PdfString } from './objects';
import { parseValueAt } from './parser';
import { formatNumber, parsePdfDate, pdfDate, serializeValue, textString } from './serialize';

describe('serialize', () => {
  it('writes numbers without exponents and names with #xx escapes', () => {
    expect(formatNumber(1e-7)).toBe('0');
    expect(formatNumber(-0.0000001)).toBe('0');
    expect(formatNumber(595.2755905)).toBe('595.275591');
    expect(formatNumber(1e21)).toBe('1000000000000000000000');
    expect(formatNumber(2.9999999)).toBe('3');
    expect(() => formatNumber(NaN)).toThrow();
    expect(serializeValue(new PdfName('A B#/(x)'))).toBe('/A#20B#23#2f#28x#29');
  });

  it('round-trips values through the parser', () => {
    const dict = new PdfDict()
      .set('Name', new PdfName('GBT38540.SESSignature'))
      .set('Arr', [1, -2.5, true, null, new PdfRef(12, 0)])
      .set('Lit', new PdfString(Buffer.from('a(b)\\c')))
      .set('Bin', new PdfString(Buffer.from([0, 0xff, 0x0d])))
      .set('Sub', new PdfDict().set('K', new PdfName('V')));
    const text = serializeValue(dict);
    const back = parseValueAt(Buffer.from(text, 'latin1'), 0, 10).value as PdfDict;
    expect(serializeValue(back)).toBe(text);
    expect([...(back.get('Bin') as PdfString).bytes]).toEqual([0, 0xff, 0x0d]);
    expect(Buffer.from((back.get('Lit') as PdfString).bytes).toString()).toBe('a(b)\\c');
  });

  it('encodes non-ASCII text as UTF-16BE with a BOM', () => {
    expect([...textString('章').bytes]).toEqual([0xfe, 0xff, 0x7a, 0xe0]);
    expect(Buffer.from(textString('Seal 1').bytes).toString()).toBe('Seal 1');
  });

  it('writes /M in UTC and reads dates with offsets', () => {
    const date = new Date('2026-03-04T05:06:07Z');
    const written = pdfDate(date);
    expect(Buffer.from(written.bytes).toString()).toBe('D:20260304050607Z');
    expect(parsePdfDate(written.bytes)?.toISOString()).toBe(date.toISOString());
    expect(parsePdfDate(Buffer.from("D:20260304130607+08'00'"))?.toISOString()).toBe(date.toISOString());
    expect(parsePdfDate(Buffer.from('D:2026'))?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(parsePdfDate(Buffer.from('yesterday'))).toBeUndefined();
  });
});
