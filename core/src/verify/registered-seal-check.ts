import { createHash } from 'node:crypto';
import type { LedgerSealView } from './ledger-port';
import type { PdfCheckResult } from './report';

/**
 * The SESeal inside the signature must be seal data the ledger registered for this seal: the one in
 * force at the signing time, or the next registered one (the database switches to new seal data a
 * moment before the ledger's change transaction commits). A SESeal the ledger never saw, even if the
 * maker's signature on it verifies, was not issued through the filed process.
 */
export function checkRegisteredSealData(view: LedgerSealView | undefined, sealDer: Uint8Array, at: Date): PdfCheckResult {
  const id = 'ledger.seal-data';
  if (view === undefined) return { id, status: 'skipped', message: 'the ledger has no record of the seal' };
  const known = view.timeline.filter((e) => e.sesealSm3 !== undefined);
  if (known.length === 0) return { id, status: 'skipped', message: 'the ledger records no seal-data hashes for this seal' };
  const sm3 = createHash('sm3').update(sealDer).digest('hex');
  const inForce = [...view.timeline].reverse().find((e) => e.at.getTime() <= at.getTime());
  const next = view.timeline.find((e) => e.at.getTime() > at.getTime());
  const accepted = [inForce, next].filter((e) => e?.sesealSm3 !== undefined).map((e) => e!.sesealSm3);
  const details = { sesealSm3: sm3, ledgerInForce: inForce?.sesealSm3, ledgerNext: next?.sesealSm3 };
  if (accepted.includes(sm3)) return { id, status: 'pass', message: 'the embedded seal data is the one the ledger registered', details };
  return { id, status: 'fail', code: 'DATA_HASH_MISMATCH', message: 'the embedded seal data is not the seal data the ledger registered for this seal', details };
}
