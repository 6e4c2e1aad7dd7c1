import { UnrecoverableError } from 'bullmq';
import { describeError } from '@eseal/core';
import type { CourtChainAdapter } from './court-chain/adapter';
import type { RelayObserver, RelayRecord, RelayStorePort } from './ports';

export type RelayOutcome = 'CONFIRMED' | 'ALREADY_FINAL' | 'MISSING';

export interface RelayRunDeps {
  readonly store: RelayStorePort;
  readonly adapters: ReadonlyMap<string, CourtChainAdapter>;
  readonly observer: RelayObserver;
  readonly clock?: () => Date;
}

/** Retryable: the court recorded the evidence but does not confirm it by its transaction hash yet. */
export class ReceiptNotConfirmedError extends Error {
  override readonly name = 'ReceiptNotConfirmedError';
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

const FINAL_CODES = new Set(['UPSTREAM_REJECTED', 'COURT_RECEIPT_INVALID']);

/**
 * Relays one (evidence, court chain) pair, every step safe to repeat: a stored receipt is never
 * submitted again, and a resubmission after a crash between the court's answer and our write gets
 * the court's first receipt back (it is idempotent by evidence id), so the court records it once.
 */
export async function processRelay(deps: RelayRunDeps, relayId: string, isLastAttempt: boolean): Promise<RelayOutcome> {
  const clock = deps.clock ?? (() => new Date());
  const relay = await deps.store.load(relayId);
  if (relay === undefined) return 'MISSING';
  if (relay.state === 'CONFIRMED' || relay.state === 'REJECTED') return 'ALREADY_FINAL';
  const adapter = deps.adapters.get(relay.adapterId);
  if (adapter === undefined) {
    // Configuration changed under a queued job: keep it retryable for an operator, do not guess.
    return fail(deps, relay, new Error(`court chain ${relay.adapterId} is not configured`), true);
  }
  try {
    // A stored receipt means the court has it: only the confirmation is left to do.
    const receipt = relay.receipt ?? (await adapter.submit(relay.evidence));
    if (relay.receipt === undefined) await deps.store.markSubmitted(relayId, receipt, clock());
    const check = await adapter.verifyByTxHash(receipt.txHash, relay.evidence.digest);
    if (check === 'MISMATCH') {
      throw Object.assign(new Error(`the court holds another digest for transaction ${receipt.txHash}`), { code: 'UPSTREAM_REJECTED' });
    }
    if (check === 'NOT_FOUND') throw new ReceiptNotConfirmedError(`transaction ${receipt.txHash} is not visible on ${adapter.id} yet`);
    const now = clock();
    await deps.store.markConfirmed(relayId, now);
    deps.observer.confirmed(relay.adapterId, Math.max(0, now.getTime() - relay.createdAt.getTime()) / 1000);
    return 'CONFIRMED';
  } catch (error) {
    return fail(deps, relay, error, isLastAttempt);
  }
}

async function fail(deps: RelayRunDeps, relay: RelayRecord, error: unknown, isLastAttempt: boolean): Promise<never> {
  if (FINAL_CODES.has(codeOf(error) ?? '')) {
    await deps.store.markRejected(relay.relayId, describeError(error));
    deps.observer.rejected(relay.adapterId);
    throw new UnrecoverableError(`relay ${relay.relayId} rejected: ${describeError(error)}`);
  }
  if (isLastAttempt) {
    await deps.store.markDead(relay.relayId, describeError(error));
    deps.observer.dead(relay.adapterId);
  } else {
    await deps.store.recordAttemptFailure(relay.relayId, describeError(error));
  }
  throw error;
}
