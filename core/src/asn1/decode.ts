import { SealError } from '../errors';
import { Tag } from './tags';

/**
 * Strict DER reader. Input is attacker-controlled (uploaded documents, seal files), so every length is
 * checked against the buffer, indefinite lengths and non-minimal forms are refused, and nesting is bounded.
 */
export interface Asn1Node {
  /** The identifier octet (single-byte tags only; high tag numbers are refused). */
  readonly tag: number;
  readonly constructed: boolean;
  /** Offset of the identifier octet within the buffer passed to parseDer. */
  readonly offset: number;
  /** Content octets. */
  readonly content: Uint8Array;
  /** The complete TLV, as encoded: signatures are computed over exactly these bytes. */
  readonly raw: Uint8Array;
  /** Children of a constructed node, parsed eagerly within the depth limit. */
  readonly children: readonly Asn1Node[];
}

export interface ParseOptions {
  maxDepth?: number;
  /**
   * Most elements in one parse. Every element costs a few hundred bytes of heap (its node and two
   * views), so without a cap a 2 MB run of 2-byte elements takes 300 MB and a PDF-sized one exhausts
   * the process. Seal data, certificates and time-stamp tokens have hundreds; CRLs pass more.
   */
  maxNodes?: number;
  /** Allow bytes after the top-level element (for containers that pad, e.g. PDF /Contents). */
  allowTrailing?: boolean;
}

const DEFAULT_MAX_DEPTH = 32;
export const DEFAULT_MAX_NODES = 100_000;

export function asn1Error(message: string, offset?: number): SealError {
  return new SealError('BAD_ASN1', message, { details: offset === undefined ? undefined : { offset } });
}

export function parseDer(bytes: Uint8Array, options: ParseOptions = {}): Asn1Node {
  const limits: Limits = { maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH, nodesLeft: options.maxNodes ?? DEFAULT_MAX_NODES };
  const { node, end } = readNode(bytes, 0, bytes.length, 0, limits);
  if (end !== bytes.length && !options.allowTrailing) throw asn1Error('trailing bytes after DER element', end);
  return node;
}

interface Limits {
  readonly maxDepth: number;
  nodesLeft: number;
}

function readNode(buf: Uint8Array, at: number, limit: number, depth: number, limits: Limits): { node: Asn1Node; end: number } {
  if (depth > limits.maxDepth) throw asn1Error('ASN.1 nesting too deep', at);
  if (--limits.nodesLeft < 0) throw asn1Error('too many ASN.1 elements', at);
  if (at + 2 > limit) throw asn1Error('truncated ASN.1 element', at);
  const tag = buf[at];
  if ((tag & 0x1f) === 0x1f) throw asn1Error('high-tag-number form not supported', at);
  let len = buf[at + 1];
  let headerLength = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0) throw asn1Error('indefinite length is not DER', at);
    if (n > 4) throw asn1Error('length field too long', at);
    if (at + 2 + n > limit) throw asn1Error('truncated length', at);
    if (buf[at + 2] === 0) throw asn1Error('non-minimal length', at);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[at + 2 + i];
    if (len < 0x80) throw asn1Error('non-minimal length', at);
    headerLength += n;
  }
  const start = at + headerLength;
  const end = start + len;
  if (end > limit) throw asn1Error('element runs past its container', at);
  const constructed = (tag & 0x20) !== 0;
  const children: Asn1Node[] = [];
  if (constructed) {
    for (let p = start; p < end;) {
      const child = readNode(buf, p, end, depth + 1, limits);
      children.push(child.node);
      p = child.end;
    }
  }
  return {
    node: { tag, constructed, offset: at, content: buf.subarray(start, end), raw: buf.subarray(at, end), children },
    end,
  };
}

export function expectTag(node: Asn1Node, tag: number, what: string): Asn1Node {
  if (node.tag !== tag) throw asn1Error(`${what}: expected tag 0x${tag.toString(16)}, found 0x${node.tag.toString(16)}`, node.offset);
  return node;
}

export function readSequence(node: Asn1Node, what = 'SEQUENCE'): readonly Asn1Node[] {
  return expectTag(node, Tag.SEQUENCE, what).children;
}

export function readInteger(node: Asn1Node, what = 'INTEGER'): bigint {
  const c = expectTag(node, Tag.INTEGER, what).content;
  if (c.length === 0) throw asn1Error(`${what}: empty INTEGER`, node.offset);
  if (c.length > 1 && ((c[0] === 0 && !(c[1] & 0x80)) || (c[0] === 0xff && c[1] & 0x80))) {
    throw asn1Error(`${what}: non-minimal INTEGER`, node.offset);
  }
  let v = BigInt('0x' + Buffer.from(c).toString('hex'));
  if (c[0] & 0x80) v -= 1n << BigInt(c.length * 8);
  return v;
}

/** A small non-negative INTEGER (versions, types, sizes). */
export function readSmallInt(node: Asn1Node, what = 'INTEGER', max = 0x7fffffff): number {
  const v = readInteger(node, what);
  if (v < 0n || v > BigInt(max)) throw asn1Error(`${what}: value ${v} out of range`, node.offset);
  return Number(v);
}

export function readBoolean(node: Asn1Node, what = 'BOOLEAN'): boolean {
  const c = expectTag(node, Tag.BOOLEAN, what).content;
  if (c.length !== 1 || (c[0] !== 0 && c[0] !== 0xff)) throw asn1Error(`${what}: not a DER BOOLEAN`, node.offset);
  return c[0] === 0xff;
}

export function readOid(node: Asn1Node, what = 'OBJECT IDENTIFIER'): string {
  const c = expectTag(node, Tag.OID, what).content;
  if (c.length === 0 || c[c.length - 1] & 0x80) throw asn1Error(`${what}: malformed OID`, node.offset);
  const arcs: bigint[] = [];
  let v = 0n;
  for (let i = 0; i < c.length; i++) {
    if (v === 0n && c[i] === 0x80) throw asn1Error(`${what}: non-minimal OID arc`, node.offset);
    v = (v << 7n) | BigInt(c[i] & 0x7f);
    if (!(c[i] & 0x80)) {
      arcs.push(v);
      v = 0n;
    }
  }
  const first = arcs[0] < 80n ? arcs[0] / 40n : 2n;
  return [first, arcs[0] - first * 40n, ...arcs.slice(1)].join('.');
}

export function readOctetString(node: Asn1Node, what = 'OCTET STRING'): Uint8Array {
  return expectTag(node, Tag.OCTET_STRING, what).content;
}

/** BIT STRING of whole bytes; a non-zero unused-bits count is refused (we only carry byte data in them). */
export function readBitStringBytes(node: Asn1Node, what = 'BIT STRING'): Uint8Array {
  const c = expectTag(node, Tag.BIT_STRING, what).content;
  if (c.length === 0) throw asn1Error(`${what}: empty BIT STRING`, node.offset);
  if (c[0] !== 0) throw asn1Error(`${what}: unused bits in a byte-aligned BIT STRING`, node.offset);
  return c.subarray(1);
}

/** BIT STRING as named bits (key usage): bit i is set when (bytes[i>>3] >> (7 - (i&7))) & 1. */
export function readBitStringBits(node: Asn1Node, what = 'BIT STRING'): { bytes: Uint8Array; unusedBits: number } {
  const c = expectTag(node, Tag.BIT_STRING, what).content;
  if (c.length === 0 || c[0] > 7 || (c.length === 1 && c[0] !== 0)) throw asn1Error(`${what}: malformed BIT STRING`, node.offset);
  return { bytes: c.subarray(1), unusedBits: c[0] };
}

export function readString(node: Asn1Node, tag: number, what: string): string {
  const c = expectTag(node, tag, what).content;
  if (tag === Tag.UTF8_STRING) {
    const text = Buffer.from(c).toString('utf8');
    if (!Buffer.from(text, 'utf8').equals(Buffer.from(c))) throw asn1Error(`${what}: invalid UTF-8`, node.offset);
    return text;
  }
  for (const b of c) if (b > 0x7f) throw asn1Error(`${what}: non-ASCII byte`, node.offset);
  return Buffer.from(c).toString('latin1');
}

export function readUtf8(node: Asn1Node, what = 'UTF8String'): string {
  return readString(node, Tag.UTF8_STRING, what);
}

export function readIa5(node: Asn1Node, what = 'IA5String'): string {
  return readString(node, Tag.IA5_STRING, what);
}

/** GeneralizedTime (YYYYMMDDHHMMSS[.fff]Z) or UTCTime (YYMMDDHHMMSSZ), chosen by the node's tag. */
export function readTime(node: Asn1Node, what = 'Time'): Date {
  if (node.tag !== Tag.GENERALIZED_TIME && node.tag !== Tag.UTC_TIME) throw asn1Error(`${what}: not a time`, node.offset);
  const text = readString(node, node.tag, what);
  const m =
    node.tag === Tag.UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d*[1-9])?Z$/.exec(text);
  if (!m) throw asn1Error(`${what}: not a DER time: ${JSON.stringify(text.slice(0, 32))}`, node.offset);
  let year = Number(m[1]);
  if (node.tag === Tag.UTC_TIME) year += year < 50 ? 2000 : 1900;
  // Truncate, never round: .9995 and up would otherwise carry into the next second, and at 23:59:59 on a
  // month's last day that carry fails the date check below for a perfectly valid time.
  const ms = node.tag === Tag.GENERALIZED_TIME && m[7] ? Number((m[7].slice(1) + '00').slice(0, 3)) : 0;
  const date = new Date(Date.UTC(2000, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms));
  // Date.UTC maps years 0-99 to 1900-1999; set the year separately so GeneralizedTime 0050 stays 0050.
  date.setUTCFullYear(year);
  if (
    date.getUTCMonth() !== Number(m[2]) - 1 ||
    date.getUTCDate() !== Number(m[3]) ||
    Number(m[4]) > 23 ||
    Number(m[5]) > 59 ||
    Number(m[6]) > 59
  ) {
    throw asn1Error(`${what}: impossible date`, node.offset);
  }
  return date;
}

/** Unwrap [n] EXPLICIT: returns the single inner element. */
export function readExplicit(node: Asn1Node, n: number, what: string): Asn1Node {
  if (node.tag !== (0xa0 | n) || node.children.length !== 1) throw asn1Error(`${what}: expected [${n}] EXPLICIT`, node.offset);
  return node.children[0];
}

export function isContextTag(node: Asn1Node, n: number): boolean {
  return (node.tag & 0xdf) === (0x80 | n);
}
