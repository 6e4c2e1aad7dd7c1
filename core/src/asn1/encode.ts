import { Tag, contextTag } from './tags';

/**
 * DER builders. Each returns the complete TLV bytes, so structures compose by nesting calls:
 * `seq(int(4n), ia5('ES'))`. Output is always minimal DER; callers cannot produce BER by accident.
 */
export function tlv(tag: number, content: Uint8Array): Uint8Array {
  const len = encodeLength(content.length);
  const out = new Uint8Array(1 + len.length + content.length);
  out[0] = tag;
  out.set(len, 1);
  out.set(content, 1 + len.length);
  return out;
}

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let v = length; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

export function seq(...children: Uint8Array[]): Uint8Array {
  return tlv(Tag.SEQUENCE, concat(children));
}

/** SET OF in DER order: elements sorted by their encodings (X.690 11.6). */
export function setOf(...children: Uint8Array[]): Uint8Array {
  const sorted = [...children].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return tlv(Tag.SET, concat(sorted));
}

export function int(value: bigint | number): Uint8Array {
  let v = BigInt(value);
  const bytes: number[] = [];
  // Two's complement, shortest form: stop once the remaining value is pure sign extension.
  do {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
  } while (!((v === 0n && !(bytes[0] & 0x80)) || (v === -1n && bytes[0] & 0x80)));
  return tlv(Tag.INTEGER, Uint8Array.from(bytes));
}

export function bool(value: boolean): Uint8Array {
  return tlv(Tag.BOOLEAN, Uint8Array.of(value ? 0xff : 0x00));
}

export function nullValue(): Uint8Array {
  return tlv(Tag.NULL, new Uint8Array(0));
}

export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((a) => {
    if (!/^\d+$/.test(a)) throw new RangeError(`bad OID ${dotted}`);
    return BigInt(a);
  });
  if (arcs.length < 2 || arcs[0] > 2n || (arcs[0] < 2n && arcs[1] > 39n)) throw new RangeError(`bad OID ${dotted}`);
  const out: number[] = [];
  const push = (arc: bigint) => {
    const chunk: number[] = [Number(arc & 0x7fn)];
    for (let v = arc >> 7n; v > 0n; v >>= 7n) chunk.unshift(Number(v & 0x7fn) | 0x80);
    out.push(...chunk);
  };
  push(arcs[0] * 40n + arcs[1]);
  arcs.slice(2).forEach(push);
  return tlv(Tag.OID, Uint8Array.from(out));
}

export function octets(bytes: Uint8Array): Uint8Array {
  return tlv(Tag.OCTET_STRING, bytes);
}

/** BIT STRING holding whole bytes (0 unused bits): signatures, hashes, keys. */
export function bitString(bytes: Uint8Array): Uint8Array {
  return tlv(Tag.BIT_STRING, concat([Uint8Array.of(0), bytes]));
}

export function utf8(text: string): Uint8Array {
  return tlv(Tag.UTF8_STRING, new Uint8Array(Buffer.from(text, 'utf8')));
}

export function ia5(text: string): Uint8Array {
  if (!/^[\x00-\x7f]*$/.test(text)) throw new RangeError('IA5String must be ASCII');
  return tlv(Tag.IA5_STRING, new Uint8Array(Buffer.from(text, 'ascii')));
}

export function printable(text: string): Uint8Array {
  if (!/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(text)) throw new RangeError('not a PrintableString');
  return tlv(Tag.PRINTABLE_STRING, new Uint8Array(Buffer.from(text, 'ascii')));
}

/** GeneralizedTime in DER form: UTC, seconds, no fraction (YYYYMMDDHHMMSSZ). */
export function generalizedTime(date: Date): Uint8Array {
  return tlv(Tag.GENERALIZED_TIME, new Uint8Array(Buffer.from(timeDigits(date, 4) + 'Z', 'ascii')));
}

/** UTCTime (YYMMDDHHMMSSZ); valid for years 1950-2049 (RFC 5280 4.1.2.5). */
export function utcTime(date: Date): Uint8Array {
  const year = date.getUTCFullYear();
  if (year < 1950 || year > 2049) throw new RangeError('UTCTime covers 1950-2049 only');
  return tlv(Tag.UTC_TIME, new Uint8Array(Buffer.from(timeDigits(date, 2) + 'Z', 'ascii')));
}

function timeDigits(date: Date, yearDigits: 2 | 4): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date');
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const year = p(date.getUTCFullYear(), 4).slice(4 - yearDigits);
  return `${year}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}`;
}

/** [n] EXPLICIT: wraps a complete TLV. */
export function explicit(n: number, inner: Uint8Array): Uint8Array {
  return tlv(contextTag(n, true), inner);
}

/** [n] IMPLICIT: replaces the tag of a complete TLV, keeping its constructed bit. */
export function implicit(n: number, inner: Uint8Array): Uint8Array {
  const out = new Uint8Array(inner);
  out[0] = contextTag(n, (inner[0] & 0x20) !== 0);
  return out;
}
