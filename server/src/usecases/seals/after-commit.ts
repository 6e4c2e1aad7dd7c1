import type { LifecycleDeps } from './lifecycle-deps';
import type { Committed } from './commit-transition';
import { dispatchFiling } from './filing-outbox';
import { runLedgerOps } from './ledger-sync';
import type { SealDoc } from '../../store';

/**
 * The steps after a committed move, each safe to repeat: send the owed ledger ops (failures stay
 * PENDING for the reconciler), then hand the filing to the queue. Returns the seal as stored now.
 */
export async function afterCommit(deps: LifecycleDeps, committed: Committed, occurredAt: Date): Promise<SealDoc> {
  if (committed.seal.ledgerOps.some((op) => op.state === 'PENDING')) await runLedgerOps(deps, committed.seal._id);
  if (committed.filing) await dispatchFiling(deps, committed.seal, committed.filing, occurredAt);
  return (await deps.store.seals.byId(committed.seal._id)) ?? committed.seal;
}
