import { createHash } from 'node:crypto';
import type { LedgerSealView } from './ledger-port';
import type { PdfCheckResult } from './report';

/**
 * The SESeal inside the signature must be seal data the ledger registered for this seal: the one in
 * force at the signing time, or the next registered one (the database switches to new seal data a
 * moment before the ledger's change transaction commits). A SESeal the ledger never saw, even if the
 * maker's signature on it verifies, was not issued through the filed process.
 */
const TIME_RESOLUTION_MS = 1000;

export function checkRegisteredSealData(view: LedgerSealView | undefined, sealDer: Uint8Array, at: Date): PdfCheckResult {
  const id = 'ledger.seal-data';
  if (view === undefined) return { id, status: 'skipped', message: 'the ledger has no record of the seal' };
  const known = view.timeline.filter((e) => e.sesealSm3 !== undefined);
  if (known.length === 0) return { id, status: 'skipped', message: 'the ledger records no seal-data hashes for this seal' };
  const sm3 = createHash('sm3').update(sealDer).digest('hex');
  // timeInfo has whole-second resolution (this service rounds up, others truncate), so the real
  // signing instant lies within a second of it: accept seal data in force anywhere in that window.
  const from = at.getTime() - TIME_RESOLUTION_MS;
  const to = at.getTime() + TIME_RESOLUTION_MS;
  const inForce = [...view.timeline].reverse().find((e) => e.at.getTime() <= from);
  const during = view.timeline.filter((e) => e.at.getTime() > from && e.at.getTime() <= to);
  const next = view.timeline.find((e) => e.at.getTime() > to);
  const accepted = [inForce, ...during, next].flatMap((e) => (e?.sesealSm3 === undefined ? [] : [e.sesealSm3]));
  const details = {
    sesealSm3: sm3,
    ledgerInForce: inForce?.sesealSm3,
    ledgerWithinASecond: during.map((e) => e.sesealSm3),
    ledgerNext: next?.sesealSm3,
  };
  if (accepted.includes(sm3)) return { id, status: 'pass', message: 'the embedded seal data is the one the ledger registered', details };
  return {
    id,
    status: 'fail',
    code: 'DATA_HASH_MISMATCH',
    message: 'the embedded seal data is not the seal data the ledger registered for this seal',
    details,
  };
}
