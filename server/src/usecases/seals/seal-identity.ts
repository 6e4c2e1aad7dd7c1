import type { SealDoc } from '../../store';

/**
 * The seal's GB/T 38540 esID, which is also its key on the ledger and in signing evidence: the seal
 * code (印章编码) for seals made since esID became the code, the internal id for seals made before
 * (their seal data and ledger history say so, and stay readable as they are).
 */
export function esIdOf(seal: Pick<SealDoc, '_id' | 'esId'>): string {
  return seal.esId ?? seal._id;
}
