import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, PdfValue } from './objects';

/**
 * Writes PDF values for the objects of a new revision. Existing objects are only ever re-written
 * when the update must change them (page /Annots, catalog, AcroForm); the original bytes never are.
 */
export function serializeValue(value: PdfValue): string {
  const parts: string[] = [];
  write(value, parts);
  return parts.join('');
}

function write(value: PdfValue, out: string[]): void {
  if (value === null) out.push('null');
  else if (typeof value === 'boolean') out.push(value ? 'true' : 'false');
  else if (typeof value === 'number') out.push(formatNumber(value));
  else if (value instanceof PdfName) out.push(formatName(value.value));
  else if (value instanceof PdfString) out.push(formatString(value));
  else if (value instanceof PdfRef) out.push(`${value.num} ${value.gen} R`);
  else if (Array.isArray(value)) {
    out.push('[');
    value.forEach((v, i) => {
      if (i > 0) out.push(' ');
      write(v, out);
    });
    out.push(']');
  } else if (value instanceof PdfDict) {
    out.push('<<');
    for (const [k, v] of value.map) {
      out.push(formatName(k), ' ');
      write(v, out);
    }
    out.push('>>');
  } else if (value instanceof PdfStream) {
    throw new Error('streams are written by writeIndirectObject, not inline');
  }
}

/** PDF has no exponent notation: fixed-point with at most 6 decimals. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`cannot write ${n} as a PDF number`);
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
  const s = n.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

export function formatName(name: string): string {
  let out = '/';
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i) & 0xff;
    const regular = c > 0x20 && c < 0x7f && !'()<>[]{}/%#'.includes(name[i]);
    out += regular ? name[i] : '#' + c.toString(16).padStart(2, '0');
  }
  return out;
}

function formatString(s: PdfString): string {
  const printable = s.bytes.every((c) => c >= 0x20 && c < 0x7f);
  if (s.hex || !printable) return '<' + Buffer.from(s.bytes).toString('hex') + '>';
  return (
    '(' +
    Buffer.from(s.bytes)
      .toString('latin1')
      .replace(/[\\()]/g, (c) => '\\' + c) +
    ')'
  );
}

/** A text string: PDFDocEncoding-compatible ASCII stays literal, anything else is UTF-16BE with BOM. */
export function textString(text: string): PdfString {
  if (/^[\x20-\x7e]*$/.test(text)) return new PdfString(Buffer.from(text, 'latin1'));
  const utf16 = Buffer.from('\ufeff' + text, 'utf16le').swap16();
  return new PdfString(utf16, true);
}

/** D:YYYYMMDDHHmmSSZ in UTC (§7.9.4); UTC avoids depending on the server's time zone. */
export function pdfDate(date: Date): PdfString {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const text = `D:${p(date.getUTCFullYear(), 4)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}Z`;
  return new PdfString(Buffer.from(text, 'latin1'));
}

/** Parses a PDF date string back to a Date (UTC offset honoured); undefined if unreadable. */
export function parsePdfDate(bytes: Uint8Array): Date | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?'?/.exec(Buffer.from(bytes).toString('latin1'));
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = m;
  let ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  if (sign === '+' || sign === '-') ms -= (sign === '+' ? 1 : -1) * (+oh * 60 + +om) * 60_000;
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

export interface NewStream {
  dict: PdfDict;
  data: Uint8Array;
}

export function encodeIndirectObject(num: number, gen: number, value: PdfValue | NewStream): Buffer {
  if (value !== null && typeof value === 'object' && 'data' in value && !(value instanceof PdfStream)) {
    const dict = value.dict.clone().set('Length', value.data.length);
    return Buffer.concat([
      Buffer.from(`${num} ${gen} obj\n${serializeValue(dict)}\nstream\n`, 'latin1'),
      value.data,
      Buffer.from('\nendstream\nendobj\n', 'latin1'),
    ]);
  }
  if (value instanceof PdfStream) {
    return encodeIndirectObject(num, gen, { dict: value.dict, data: value.raw });
  }
  return Buffer.from(`${num} ${gen} obj\n${serializeValue(value as PdfValue)}\nendobj\n`, 'latin1');
}
