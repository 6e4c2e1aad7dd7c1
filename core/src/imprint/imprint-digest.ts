import { sm3 } from '../crypto/sm3';

/** SM3 of the imprint PNG's bytes, lower-case hex: the value recorded in the seal data and on the ledger. */
export function imprintDigest(png: Uint8Array): string {
  return Buffer.from(sm3(png)).toString('hex');
}
