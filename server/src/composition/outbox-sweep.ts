import { expireSeals, reconcileLedger, redispatchPendingFilings, type LifecycleDeps } from '../usecases/seals';

export interface SweepResult {
  ledgerOpsDone: number;
  filingsRedispatched: number;
  expired: string[];
}

/**
 * The periodic repair pass: retries ledger ops left PENDING, re-enqueues filings whose job may have
 * been lost, and marks seals past their certificate's notAfter EXPIRED. Every step is idempotent.
 */
export async function runOutboxSweep(deps: LifecycleDeps, now: Date = deps.clock()): Promise<SweepResult> {
  const ledger = await reconcileLedger(deps);
  const filingsRedispatched = await redispatchPendingFilings(deps);
  const expired = await expireSeals(deps, now);
  return { ledgerOpsDone: ledger.done, filingsRedispatched, expired };
}
