import { SealError } from '../errors';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString } from './objects';
import { parseIndirectObject, parseValueAt, plainHexToken } from './parser';

const parse = (text: string, maxDepth = 100) => parseValueAt(Buffer.from(text, 'latin1'), 0, maxDepth).value;
const str = (v: unknown) => Buffer.from((v as PdfString).bytes).toString('latin1');

describe('PdfParser values', () => {
  it('reads literal strings with escapes, octal, nesting and line continuations', () => {
    expect(str(parse('(a\\(b\\)c)'))).toBe('a(b)c');
    expect(str(parse('(x (nested (deep)) y)'))).toBe('x (nested (deep)) y');
    expect(str(parse('(\\n\\r\\t\\b\\f\\\\)'))).toBe('\n\r\t\b\f\\');
    expect(str(parse('(\\101\\60\\0071)'))).toBe('A0\x071');
    expect(str(parse('(split\\\r\nline)'))).toBe('splitline');
    expect(str(parse('(raw\r\nend)'))).toBe('raw\nend');
    expect(str(parse('(\\q)'))).toBe('q');
  });

  it('reads hex strings, ignoring whitespace and padding an odd digit', () => {
    expect(Buffer.from((parse('<48 65 6C6c6F>') as PdfString).bytes).toString()).toBe('Hello');
    expect([...(parse('<901FA>') as PdfString).bytes]).toEqual([0x90, 0x1f, 0xa0]);
    expect((parse('<>') as PdfString).bytes.length).toBe(0);
  });

  it('takes the fast path only for clean even-length hex, and rejects a bad digit on either path', () => {
    const long = 'ab01'.repeat(2000);
    expect(Buffer.from((parse(`<${long}>`) as PdfString).bytes).toString('hex')).toBe(long);
    expect(() => parse('<48656Z6C>')).toThrow(expect.objectContaining({ code: 'PDF_MALFORMED' }));
    expect(() => parse('<48 6Z>')).toThrow(expect.objectContaining({ code: 'PDF_MALFORMED' }));
  });

  it('decodes #xx in names', () => {
    expect((parse('/A#20B#23') as PdfName).value).toBe('A B#');
    expect((parse('/GBT38540.SESSignature') as PdfName).value).toBe('GBT38540.SESSignature');
  });

  it('tells numbers from references', () => {
    const arr = parse('[1 0 R 2 3 -4.5 .5 +7 12 0 obj]'.replace(' obj', '')) as unknown[];
    expect(arr[0]).toEqual(new PdfRef(1, 0));
    expect(arr.slice(1)).toEqual([2, 3, -4.5, 0.5, 7, 12, 0]);
    expect(parse('[1 2]')).toEqual([1, 2]);
    expect(parse('[007 00 R 0042 9007199254740993]')).toEqual([new PdfRef(7, 0), 42, 9007199254740992]);
  });

  it('remembers the token of a hex string only when it is "<", even hex digits and ">"', () => {
    const bytes = Buffer.from('xx<3082ab>', 'latin1');
    const span = plainHexToken(parseValueAt(bytes, 2, 10).value as PdfString);
    expect(span).toEqual({ buffer: bytes.buffer, start: bytes.byteOffset + 2, end: bytes.byteOffset + 10 });
    for (const text of ['<30 82ab>', '<3082a>', '<3082ab\n>']) expect(plainHexToken(parse(text) as PdfString)).toBeUndefined();
  });

  it('reads dictionaries with comments and keywords', () => {
    const d = parse('<< /A true /B null % comment\n /C [/X] /D << /E (f) >> >>') as PdfDict;
    expect(d.get('A')).toBe(true);
    expect(d.get('B')).toBeNull();
    expect(((d.get('C') as unknown[])[0] as PdfName).value).toBe('X');
    expect(str((d.get('D') as PdfDict).get('E'))).toBe('f');
  });

  it('rejects hostile or broken values with coded errors', () => {
    const deep = '['.repeat(200) + ']'.repeat(200);
    expect(() => parse(deep, 100)).toThrow(expect.objectContaining({ code: 'PDF_TOO_COMPLEX' }));
    for (const bad of ['(unterminated', '<41 42', '<4G>', '[1 2', '<< /A 1', '<< 1 2 >>', 'foo', '', '1.2.3']) {
      expect(() => parse(bad)).toThrow(SealError);
    }
  });
});

describe('parseIndirectObject', () => {
  it('reads a stream by its direct /Length', () => {
    const obj = parseIndirectObject(Buffer.from('7 0 obj\n<< /Length 5 >>\nstream\r\nhello\nendstream\nendobj\n'), 0, { maxDepth: 10 });
    expect(obj.num).toBe(7);
    expect(Buffer.from((obj.value as PdfStream).raw).toString()).toBe('hello');
    expect(obj.closed).toBe(true);
    expect(parseIndirectObject(Buffer.from('8 0 obj 42 0 endob'), 0, { maxDepth: 10 })).toMatchObject({ value: 42, closed: false });
  });

  it('resolves an indirect /Length through the callback', () => {
    const obj = parseIndirectObject(Buffer.from('1 0 obj << /Length 9 0 R >> stream\nabc endstream endobj'), 0, {
      maxDepth: 10,
      resolveLength: (ref) => (ref.num === 9 ? 3 : undefined),
    });
    expect(Buffer.from((obj.value as PdfStream).raw).toString()).toBe('abc');
  });

  it('falls back to endstream when /Length is wrong or larger than the file', () => {
    for (const length of ['2', '999999999', '-1', '(x)']) {
      const obj = parseIndirectObject(Buffer.from(`1 0 obj << /Length ${length} >> stream\nabcdef\nendstream endobj`), 0, { maxDepth: 10 });
      expect(Buffer.from((obj.value as PdfStream).raw).toString()).toBe('abcdef');
    }
  });

  it('rejects a stream without endstream, and objects without a header', () => {
    expect(() => parseIndirectObject(Buffer.from('1 0 obj << /Length 99 >> stream\nabc'), 0, { maxDepth: 10 })).toThrow(
      expect.objectContaining({ code: 'PDF_MALFORMED' }),
    );
    expect(() => parseIndirectObject(Buffer.from('1 0 << >> endobj'), 0, { maxDepth: 10 })).toThrow(
      expect.objectContaining({ code: 'PDF_MALFORMED' }),
    );
    expect(() => parseIndirectObject(Buffer.from('1 0 obj [1] stream\nx endstream'), 0, { maxDepth: 10 })).toThrow(
      expect.objectContaining({ code: 'PDF_MALFORMED' }),
    );
  });
});
