import { encodeSm2Signature } from '../crypto/sm2-signature-der';
import { bytesToBigInt } from '../crypto/sm2-curve';

/**
 * The standard puts the DER SEQUENCE { r, s } in the BIT STRING; a few V1 producers wrote raw r || s
 * (64 bytes). Accept both for verification: the form carries no security meaning, the values do.
 */
export function normaliseSm2SignatureValue(value: Uint8Array): { der: Uint8Array; form: 'der' | 'raw-r-s' } {
  if (value.length === 64 && value[0] !== 0x30) {
    const r = bytesToBigInt(value.subarray(0, 32));
    const s = bytesToBigInt(value.subarray(32));
    if (r > 0n && s > 0n) return { der: encodeSm2Signature(r, s), form: 'raw-r-s' };
  }
  return { der: value, form: 'der' };
}
