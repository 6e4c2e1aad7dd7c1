import { UnrecoverableError } from 'bullmq';
import { describeError } from '@eseal/core';
import type { CourtChainAdapter } from './court-chain/adapter';
import type { CourtReceipt } from './court-chain/protocol';
import type { RelayObserver, RelayRecord, RelayStorePort } from './ports';

export type RelayOutcome = 'CONFIRMED' | 'ALREADY_FINAL' | 'MISSING';

export interface RelayRunDeps {
  readonly store: RelayStorePort;
  readonly adapters: ReadonlyMap<string, CourtChainAdapter>;
  readonly observer: RelayObserver;
  readonly clock?: () => Date;
}

/** What one run did to a group of relays: each relay id lands in exactly one list. */
export interface RelayGroupResult {
  readonly done: ReadonlyArray<{ readonly relayId: string; readonly outcome: RelayOutcome }>;
  /** Refused by the court or answered with a bad receipt: REJECTED, never retried. */
  readonly rejected: ReadonlyArray<{ readonly relayId: string; readonly error: unknown }>;
  /** Retryable failures: counted on the relay (DEAD when this was the last attempt). */
  readonly failed: ReadonlyArray<{ readonly relayId: string; readonly error: unknown }>;
}

/** Retryable: the court recorded the evidence but does not confirm it by its transaction hash yet. */
export class ReceiptNotConfirmedError extends Error {
  override readonly name = 'ReceiptNotConfirmedError';
}

/** Retryable: another run holds this attempt's submission claim and the court has no receipt yet. */
export class SubmissionInFlightError extends Error {
  override readonly name = 'SubmissionInFlightError';
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

const FINAL_CODES = new Set(['UPSTREAM_REJECTED', 'COURT_RECEIPT_INVALID']);
const rejection = (message: string) => Object.assign(new Error(message), { code: 'UPSTREAM_REJECTED' });
const isFinal = (relay: RelayRecord) => relay.state === 'CONFIRMED' || relay.state === 'REJECTED';

/** Collects each relay's outcome during a run. */
class GroupRun {
  readonly done: Array<{ relayId: string; outcome: RelayOutcome }> = [];
  readonly rejected: Array<{ relayId: string; error: unknown }> = [];
  readonly failed: Array<{ relayId: string; error: unknown }> = [];

  failure(relayId: string, error: unknown): void {
    (FINAL_CODES.has(codeOf(error) ?? '') ? this.rejected : this.failed).push({ relayId, error });
  }
}

/**
 * Relays a group of (evidence, court chain) pairs, every step safe to repeat and each step one round
 * trip for the whole group: load, claim, submit, store receipts, verify by transaction hash, confirm.
 * A stored receipt is never submitted again. Only the run holding a relay's submission claim for its
 * attempt submits it: a run whose job lock lapsed (a stalled process) while another worker took the
 * job over takes the receipt that run stored, or asks the court for it by evidence id. A later
 * attempt resubmits, and the court answers a repeated evidence id with its first receipt, so it
 * records the evidence once.
 */
export async function processRelays(
  deps: RelayRunDeps,
  relayIds: readonly string[],
  isLastAttempt: boolean,
  /** A group job's first run: its relays as dispatched are one read (RelayStorePort.loadGroup). */
  firstRunOfGroup?: string,
): Promise<RelayGroupResult> {
  const clock = deps.clock ?? (() => new Date());
  const run = new GroupRun();
  const loaded = await loadRelays(deps.store, relayIds, firstRunOfGroup);
  const byAdapter = new Map<string, RelayRecord[]>();
  for (const relayId of new Set(relayIds)) {
    const relay = loaded.get(relayId);
    if (relay === undefined || isFinal(relay)) {
      run.done.push({ relayId, outcome: relay === undefined ? 'MISSING' : 'ALREADY_FINAL' });
      continue;
    }
    byAdapter.set(relay.adapterId, [...(byAdapter.get(relay.adapterId) ?? []), relay]);
  }
  for (const [adapterId, relays] of byAdapter) {
    const adapter = deps.adapters.get(adapterId);
    if (adapter === undefined) {
      // Configuration changed under a queued job: keep it retryable for an operator, do not guess.
      for (const relay of relays) run.failure(relay.relayId, new Error(`court chain ${adapterId} is not configured`));
      continue;
    }
    try {
      await relayTo(deps, adapter, relays, run, clock);
    } catch (error) {
      // The store or the whole exchange failed: every relay of this court chain not settled yet is retried.
      const settled = new Set([...run.done, ...run.rejected, ...run.failed].map((r) => r.relayId));
      for (const relay of relays) if (!settled.has(relay.relayId)) run.failure(relay.relayId, error);
    }
  }
  await recordFailures(deps, loaded, run, isLastAttempt);
  return run;
}

async function loadRelays(
  store: RelayStorePort,
  relayIds: readonly string[],
  groupId: string | undefined,
): Promise<ReadonlyMap<string, RelayRecord>> {
  const group = groupId === undefined ? undefined : await store.loadGroup(groupId);
  const missing = relayIds.filter((id) => !group?.has(id));
  if (group === undefined || missing.length === relayIds.length) return store.loadForRun(relayIds);
  if (missing.length === 0) return group;
  return new Map([...group, ...(await store.loadForRun(missing))]);
}

async function relayTo(
  deps: RelayRunDeps,
  adapter: CourtChainAdapter,
  relays: RelayRecord[],
  run: GroupRun,
  clock: () => Date,
): Promise<void> {
  const withReceipt = relays.filter((r) => r.receipt !== undefined);
  const unsent = relays.filter((r) => r.receipt === undefined);
  const claimed = await deps.store.claimSubmissions(
    unsent.map((r) => ({ relayId: r.relayId, attempt: r.attempts })),
    clock(),
  );
  const toSubmit = unsent.filter((r) => claimed.has(r.relayId));
  const received: RelayRecord[] = [];
  if (toSubmit.length > 0) {
    const outcomes = await adapter.submitMany(toSubmit.map((r) => r.evidence));
    toSubmit.forEach((relay, i) => {
      const outcome = outcomes[i]!;
      if ('receipt' in outcome) received.push({ ...relay, receipt: outcome.receipt });
      else run.failure(relay.relayId, outcome.error);
    });
  }
  for (const relay of unsent.filter((r) => !claimed.has(r.relayId))) {
    try {
      const taken = await receiptOfOtherRun(deps, adapter, relay);
      if (taken === 'FINAL') run.done.push({ relayId: relay.relayId, outcome: 'ALREADY_FINAL' });
      else if (taken.stored) withReceipt.push(taken.relay);
      else received.push(taken.relay);
    } catch (error) {
      run.failure(relay.relayId, error);
    }
  }
  let toConfirm = received;
  if (received.length > 0) {
    const kept = await deps.store.markAllSubmitted(
      received.map((r) => ({ relayId: r.relayId, receipt: r.receipt! })),
      clock(),
    );
    toConfirm = await asStored(deps, received, kept, run);
  }
  await confirm(deps, adapter, [...withReceipt, ...toConfirm], run, clock);
}

/**
 * A receipt this run did not store (another run stored the court's answer first) is not the one to
 * confirm or announce: the stored one is what the evidence views and bundles show. Those relays are
 * read again, one `_id` lookup each, which happens only when two runs overlapped.
 */
async function asStored(deps: RelayRunDeps, received: RelayRecord[], kept: ReadonlySet<string>, run: GroupRun): Promise<RelayRecord[]> {
  const others = received.filter((r) => !kept.has(r.relayId));
  if (others.length === 0) return received;
  const stored = await deps.store.loadAll(others.map((r) => r.relayId));
  return received.flatMap((relay) => {
    if (kept.has(relay.relayId)) return [relay];
    const current = stored.get(relay.relayId);
    if (current !== undefined && isFinal(current)) {
      run.done.push({ relayId: relay.relayId, outcome: 'ALREADY_FINAL' });
      return [];
    }
    return [current?.receipt !== undefined ? current : relay];
  });
}

/** The court shows each receipt's transaction with our digest: CONFIRMED. */
async function confirm(
  deps: RelayRunDeps,
  adapter: CourtChainAdapter,
  relays: RelayRecord[],
  run: GroupRun,
  clock: () => Date,
): Promise<void> {
  if (relays.length === 0) return;
  const verdicts = await adapter.verifyManyByTxHash(relays.map((r) => ({ txHash: r.receipt!.txHash, digest: r.evidence.digest })));
  const confirmed: RelayRecord[] = [];
  relays.forEach((relay, i) => {
    const txHash = relay.receipt!.txHash;
    if (verdicts[i] === 'MATCH') confirmed.push(relay);
    else if (verdicts[i] === 'MISMATCH') run.failure(relay.relayId, rejection(`the court holds another digest for transaction ${txHash}`));
    else run.failure(relay.relayId, new ReceiptNotConfirmedError(`transaction ${txHash} is not visible on ${adapter.id} yet`));
  });
  if (confirmed.length === 0) return;
  const now = clock();
  await deps.store.markAllConfirmed(confirmed, now);
  for (const relay of confirmed) {
    run.done.push({ relayId: relay.relayId, outcome: 'CONFIRMED' });
    deps.observer.confirmed(relay.adapterId, Math.max(0, now.getTime() - relay.createdAt.getTime()) / 1000);
  }
}

/**
 * Another run holds this attempt's claim: take the receipt it stored, or the court's by evidence id
 * (then it is ours to store); retryable while the court has none.
 */
async function receiptOfOtherRun(
  deps: RelayRunDeps,
  adapter: CourtChainAdapter,
  relay: RelayRecord,
): Promise<'FINAL' | { relay: RelayRecord; stored: boolean }> {
  const current = (await deps.store.loadAll([relay.relayId])).get(relay.relayId);
  if (current !== undefined && isFinal(current)) return 'FINAL';
  if (current?.receipt !== undefined) return { relay: current, stored: true };
  const held: CourtReceipt | undefined = await adapter.queryReceipt(relay.evidence.evidenceId);
  if (held === undefined) {
    throw new SubmissionInFlightError(`another run is submitting ${relay.relayId}, and ${adapter.id} holds no receipt yet`);
  }
  if (held.digest !== relay.evidence.digest || held.digestAlgorithm !== relay.evidence.digestAlgorithm) {
    throw rejection(`${adapter.id} holds another digest for evidence ${relay.evidence.evidenceId}`);
  }
  return { relay: { ...relay, receipt: held }, stored: false };
}

/** Rejections are final; other failures count an attempt, or make the relay DEAD on the last one. One write per distinct error. */
async function recordFailures(
  deps: RelayRunDeps,
  loaded: ReadonlyMap<string, RelayRecord>,
  run: GroupRun,
  isLastAttempt: boolean,
): Promise<void> {
  const byReason = (list: ReadonlyArray<{ relayId: string; error: unknown }>) => {
    const groups = new Map<string, string[]>();
    for (const { relayId, error } of list) groups.set(describeError(error), [...(groups.get(describeError(error)) ?? []), relayId]);
    return groups;
  };
  for (const [reason, ids] of byReason(run.rejected)) {
    await deps.store.markAllRejected(ids, reason);
    for (const id of ids) deps.observer.rejected(loaded.get(id)!.adapterId);
  }
  for (const [reason, ids] of byReason(run.failed)) {
    if (!isLastAttempt) {
      await deps.store.recordAttemptFailures(ids, reason);
      continue;
    }
    await deps.store.markAllDead(ids, reason);
    for (const id of ids) deps.observer.dead(loaded.get(id)!.adapterId);
  }
}

/**
 * A job's result: retried (thrown) while any relay failed retryably; failed for good (unrecoverable,
 * kept for inspection) when relays were rejected and none is left to retry.
 */
export function settleRelayJob(result: RelayGroupResult): Record<RelayOutcome, number> {
  const first = result.failed[0] ?? result.rejected[0];
  if (result.failed.length > 0) {
    throw Object.assign(new Error(`${result.failed.length} relay(s) to retry, first ${first!.relayId}: ${describeError(first!.error)}`), {
      cause: first!.error,
    });
  }
  if (first !== undefined) throw new UnrecoverableError(`relay ${first.relayId} rejected: ${describeError(first.error)}`);
  const counts: Record<RelayOutcome, number> = { CONFIRMED: 0, ALREADY_FINAL: 0, MISSING: 0 };
  for (const { outcome } of result.done) counts[outcome] += 1;
  return counts;
}

/** One relay, as a group of one: its outcome, or its error thrown (unrecoverable when rejected). */
export async function processRelay(deps: RelayRunDeps, relayId: string, isLastAttempt: boolean): Promise<RelayOutcome> {
  const result = await processRelays(deps, [relayId], isLastAttempt);
  const failure = result.failed[0] ?? result.rejected[0];
  if (result.failed[0]) throw result.failed[0].error;
  if (failure) throw new UnrecoverableError(`relay ${relayId} rejected: ${describeError(failure.error)}`);
  return result.done[0]!.outcome;
}
