import { type Asn1Node, Tag, der, readBitStringBits } from '../asn1';

/** KeyUsage named bits in bit order (RFC 5280 4.2.1.3). */
export const KEY_USAGES = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;

export type KeyUsage = (typeof KEY_USAGES)[number];

/** DER named-bit list: trailing zero bits are dropped and counted as unused (X.690 11.2.2). */
export function encodeKeyUsage(usages: readonly KeyUsage[]): Uint8Array {
  const bits = usages.map((u) => KEY_USAGES.indexOf(u));
  if (bits.length === 0) return der.tlv(Tag.BIT_STRING, Uint8Array.of(0));
  const highest = Math.max(...bits);
  const bytes = new Uint8Array((highest >> 3) + 1);
  for (const b of bits) bytes[b >> 3] |= 0x80 >> (b & 7);
  const unused = 7 - (highest & 7);
  return der.tlv(Tag.BIT_STRING, Uint8Array.of(unused, ...bytes));
}

export function decodeKeyUsage(node: Asn1Node): KeyUsage[] {
  const { bytes, unusedBits } = readBitStringBits(node, 'keyUsage');
  const total = bytes.length * 8 - unusedBits;
  return KEY_USAGES.filter((_, i) => i < total && (bytes[i >> 3] >> (7 - (i & 7))) & 1);
}
