import { isSealError } from '@eseal/core';
import type { ChangeSealInput, IssueSealInput, RenewSealInput, RevokeSealInput, SealRecord } from '../../ledger';
import type { LedgerOp } from '../../store';
import type { LifecycleDeps } from './lifecycle-deps';

export interface LedgerSyncOutcome {
  readonly done: number;
  readonly pending: number;
  readonly lastError?: string;
}

/**
 * Sends a seal's PENDING ledger ops in order and marks each DONE with its transaction id. Stops at
 * the first failure (a revocation must not overtake the issuance it revokes); the reconciler comes
 * back later. Safe to run twice at once: issuance is idempotent on the ledger, and for the other ops
 * a failure is checked against the ledger's current record, where an op already applied counts as done.
 */
export async function runLedgerOps(deps: LifecycleDeps, sealId: string): Promise<LedgerSyncOutcome> {
  const seal = await deps.store.seals.byId(sealId);
  if (!seal) return { done: 0, pending: 0 };
  let done = 0;
  for (let index = 0; index < seal.ledgerOps.length; index++) {
    const op = seal.ledgerOps[index]!;
    if (op.state === 'DONE') continue;
    try {
      const txId = await submit(deps, op);
      await deps.store.seals.markLedgerOpDone(sealId, index, txId);
      done++;
    } catch (error) {
      const message = isSealError(error) ? `${error.code}: ${error.message}` : String(error);
      await deps.store.seals.noteLedgerOpFailure(sealId, index, message);
      deps.logger.warn({ sealId, opId: op.opId, type: op.type, err: error }, 'ledger op left pending');
      return { done, pending: seal.ledgerOps.slice(index).filter((o) => o.state === 'PENDING').length, lastError: message };
    }
  }
  return { done, pending: 0 };
}

async function submit(deps: LifecycleDeps, op: LedgerOp): Promise<string> {
  switch (op.type) {
    case 'ISSUE': {
      const input = JSON.parse(op.input) as IssueSealInput;
      const commit = await deps.ledger.issueSeal(input);
      // A repeated issuance returns the first one; its transaction id is on the record's first entry.
      return commit.value.created ? commit.transactionId : (commit.value.seal.timeline[0]?.txId ?? commit.transactionId);
    }
    case 'CHANGE': {
      const input = JSON.parse(op.input) as ChangeSealInput;
      return orAlreadyApplied(
        deps,
        input.sealId,
        () => deps.ledger.changeSeal(input),
        (r) => r.timeline.find((e) => e.event === 'CHANGED' && e.sesealSm3 === input.sesealSm3)?.txId,
      );
    }
    case 'RENEW': {
      const input = JSON.parse(op.input) as RenewSealInput;
      return orAlreadyApplied(
        deps,
        input.sealId,
        () => deps.ledger.renewSeal(input),
        (r) => r.timeline.find((e) => e.event === 'RENEWED' && e.certSerial === input.certSerial)?.txId,
      );
    }
    case 'REVOKE': {
      const input = JSON.parse(op.input) as RevokeSealInput;
      return orAlreadyApplied(
        deps,
        input.sealId,
        () => deps.ledger.revokeSeal(input),
        (r) => r.timeline.find((e) => e.event === 'REVOKED')?.txId,
      );
    }
  }
}

async function orAlreadyApplied(
  deps: LifecycleDeps,
  sealId: string,
  send: () => Promise<{ transactionId: string }>,
  appliedTx: (record: SealRecord) => string | undefined,
): Promise<string> {
  try {
    return (await send()).transactionId;
  } catch (error) {
    // A lost answer to an earlier attempt: the ledger already holds this change, so it is done.
    const record = await deps.ledger.getSeal(sealId).catch(() => undefined);
    const txId = record === undefined ? undefined : appliedTx(record);
    if (txId !== undefined) return txId;
    throw error;
  }
}

/** Retries every seal with a PENDING ledger op; returns how many ops were completed. */
export async function reconcileLedger(deps: LifecycleDeps, limit = 100): Promise<{ seals: number; done: number }> {
  const pending = await deps.store.seals.withPendingLedgerOps(limit);
  let done = 0;
  for (const sealId of pending) done += (await runLedgerOps(deps, sealId)).done;
  return { seals: pending.length, done };
}
