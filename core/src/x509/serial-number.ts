import { randomBytes } from 'node:crypto';

/**
 * A fresh serial: 16 random bytes with the top bit cleared (positive, RFC 5280 4.1.2.2) and the next bit
 * set, so the DER INTEGER is always exactly 16 content bytes with no 0x00 padding. 126 bits of entropy
 * keep serials unpredictable, which the chosen-prefix collision defences rely on.
 */
export function randomSerialNumber(): bigint {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x40;
  return BigInt('0x' + bytes.toString('hex'));
}
