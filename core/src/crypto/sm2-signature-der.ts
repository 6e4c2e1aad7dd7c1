import { SM2_N } from './sm2-curve';

/**
 * Strict DER for SM2 signatures: SEQUENCE { r INTEGER, s INTEGER } (GB/T 35276).
 * Decoding rejects every non-minimal or trailing encoding, so one signature has exactly one byte form.
 */
export function encodeSm2Signature(r: bigint, s: bigint): Uint8Array {
  const ri = derInteger(r);
  const si = derInteger(s);
  const body = Buffer.concat([ri, si]);
  return new Uint8Array(Buffer.concat([Buffer.from([0x30, body.length]), body]));
}

/** Returns null for anything that is not a well-formed signature with r, s in [1, n-1]. */
export function decodeSm2Signature(der: Uint8Array): { r: bigint; s: bigint } | null {
  if (der.length < 8 || der.length > 72 || der[0] !== 0x30 || der[1] !== der.length - 2) return null;
  const first = readInteger(der, 2);
  if (!first) return null;
  const second = readInteger(der, first.next);
  if (!second || second.next !== der.length) return null;
  const { value: r } = first;
  const { value: s } = second;
  if (r < 1n || r >= SM2_N || s < 1n || s >= SM2_N) return null;
  return { r, s };
}

function derInteger(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  let bytes = Buffer.from(hex, 'hex');
  if (bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
}

function readInteger(der: Uint8Array, at: number): { value: bigint; next: number } | null {
  if (at + 2 > der.length || der[at] !== 0x02) return null;
  const len = der[at + 1];
  if (len < 1 || len > 33 || at + 2 + len > der.length) return null;
  const body = der.subarray(at + 2, at + 2 + len);
  if (body[0] & 0x80) return null; // negative
  if (len > 1 && body[0] === 0 && !(body[1] & 0x80)) return null; // non-minimal
  return { value: BigInt('0x' + Buffer.from(body).toString('hex')), next: at + 2 + len };
}
