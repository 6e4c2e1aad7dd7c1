import { createHmac, randomBytes } from 'node:crypto';
import { SealError } from '@eseal/core';
import { canonicalJson } from '../../infra/canonical-json';
import { isDuplicateKeyError } from '../../store';
import { takeClaim, type SigningStore } from '../../store/signing';

/** Keys are the caller's own: 1-128 visible ASCII characters (the IETF draft's recommendation is a UUID). */
const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;
/**
 * While a request works under a key it says so every HEARTBEAT_MS (`aliveAt`). A key silent for
 * STALE_MS belongs to a request that died with its process: a retry takes it over. Seconds, not
 * minutes, so a client repeating after a lost connection is served as soon as the service is back.
 */
export const IDEMPOTENCY_HEARTBEAT_MS = 2_000;
export const IDEMPOTENCY_STALE_MS = 10_000;

/**
 * HMAC-SM3 under the server's fingerprint key of a canonical JSON rendering of the request: same body,
 * same fingerprint. Callers leave the PIN out: a plain hash of a request with a six-digit PIN in it is
 * a PIN oracle to whoever reads the collection (the document is in the stored answer, ten to the sixth
 * guesses take seconds), and a keyed hash alone would still tie the stored record to the PIN.
 */
export function requestFingerprint(key: Uint8Array, value: unknown): string {
  return createHmac('sm3', key).update(canonicalJson(value)).digest('hex');
}

/**
 * Deletes the records older than the retention (by when they were started): FerretDB has no TTL
 * index, so this runs from the periodic sweep. One delete statement, whatever the number of records.
 */
export async function expireIdempotencyKeys(
  deps: { signing: SigningStore; clock: () => Date; settings: { idempotencyTtlMs: number } },
  now: Date = deps.clock(),
): Promise<number> {
  const result = await deps.signing.idempotency.deleteMany({
    startedAt: { $lt: new Date(now.getTime() - deps.settings.idempotencyTtlMs) },
  });
  return result.deletedCount;
}

/**
 * What an idempotent request does, in two steps so that a crash cannot make it happen twice: `run`
 * computes the answer (it may take claims, which must accept their holder `requestRef` again) and
 * returns the writes that make it count; the answer and those writes are kept under the key
 * (PREPARED) before `commit` makes the writes. A retry after a crash finds them kept and commits
 * them again instead of running anew, so it gets the answer the first request computed.
 */
export interface IdempotentWork<T, W> {
  /** `requestRef` is the same for every attempt under one key (undefined without a key). */
  run(requestRef: string | undefined): Promise<{ value: T; writes?: W }>;
  /** Makes the kept writes; a retry may repeat it, so each write must tolerate having been made. */
  commit(writes: W): Promise<void>;
}

/**
 * Runs `work` at most once per (caller, Idempotency-Key): a retry with the same request gets the
 * stored answer, the same key with another request gets IDEMPOTENCY_CONFLICT. The unique _id decides
 * between two retries arriving together. A failure in `run` frees the key (nothing was written), so
 * the caller may retry after fixing the cause; a failure in `commit` keeps it PREPARED for the retry.
 */
export async function withIdempotency<T, W>(
  deps: { signing: SigningStore; clock: () => Date },
  scope: { callerId: string; key: string | undefined; fingerprint: string },
  work: IdempotentWork<T, W>,
): Promise<T> {
  if (scope.key === undefined) {
    const { value, writes } = await work.run(undefined);
    if (writes !== undefined) await work.commit(writes);
    return value;
  }
  if (!KEY_PATTERN.test(scope.key))
    throw new SealError('VALIDATION_FAILED', 'Idempotency-Key must be 1-128 visible ASCII characters', {
      details: { header: 'Idempotency-Key' },
    });
  const _id = `${scope.callerId}\u0000${scope.key}`;
  const now = deps.clock();
  let requestRef = randomBytes(12).toString('hex');
  try {
    await deps.signing.idempotency.create({
      _id,
      requestSm3: scope.fingerprint,
      requestRef,
      state: 'IN_PROGRESS',
      startedAt: now,
      aliveAt: now,
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const replay = await existingOutcome<T, W>(deps, _id, scope.fingerprint, now, work);
    if (replay.done) return replay.value;
    requestRef = replay.requestRef;
  }
  let prepared: { value: T; writes?: W };
  const heartbeat = setInterval(() => {
    // A missed beat (the store is briefly away) only lets a retry take over sooner; the work goes on.
    deps.signing.idempotency.updateOne({ _id, state: 'IN_PROGRESS' }, { $set: { aliveAt: deps.clock() } }).catch(() => undefined);
  }, IDEMPOTENCY_HEARTBEAT_MS);
  try {
    prepared = await work.run(requestRef);
  } catch (error) {
    await deps.signing.idempotency.deleteOne({ _id, state: 'IN_PROGRESS' });
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
  const response = JSON.stringify(prepared.value);
  if (prepared.writes !== undefined) {
    const kept = await deps.signing.idempotency.updateOne(
      { _id, state: 'IN_PROGRESS' },
      { $set: { state: 'PREPARED', response, writes: prepared.writes } },
    );
    // Taken over while this attempt looked dead (no beat for IDEMPOTENCY_STALE_MS), and the other
    // attempt kept its answer first: that one counts, and a retry gets it.
    if (kept.modifiedCount !== 1)
      throw new SealError('IDEMPOTENCY_CONFLICT', 'another attempt under this Idempotency-Key answered first; retry', {
        details: { retry: true },
      });
    await work.commit(prepared.writes);
  }
  await markDone(deps, _id, response);
  return prepared.value;
}

async function markDone(deps: { signing: SigningStore; clock: () => Date }, _id: string, response: string): Promise<void> {
  await deps.signing.idempotency.updateOne(
    { _id },
    { $set: { state: 'DONE', response, completedAt: deps.clock() }, $unset: { writes: 1 } },
  );
}

async function existingOutcome<T, W>(
  deps: { signing: SigningStore; clock: () => Date },
  _id: string,
  fingerprint: string,
  now: Date,
  work: IdempotentWork<T, W>,
): Promise<{ done: true; value: T } | { done: false; requestRef: string }> {
  const existing = await deps.signing.idempotency.findById(_id).lean();
  if (!existing) throw new SealError('IDEMPOTENCY_CONFLICT', 'the Idempotency-Key is being released; retry', { details: { retry: true } });
  if (existing.requestSm3 !== fingerprint) {
    throw new SealError('IDEMPOTENCY_CONFLICT', 'this Idempotency-Key was used with a different request', {
      details: { header: 'Idempotency-Key' },
    });
  }
  if (existing.state === 'DONE' && existing.response !== undefined) return { done: true, value: JSON.parse(existing.response) as T };
  if (existing.state === 'PREPARED' && existing.response !== undefined) {
    // The answer was kept; its writes may be half made (the request died, or its store went away).
    // Making them again is safe, even beside a first request still committing.
    await work.commit(existing.writes as W);
    await markDone(deps, _id, existing.response);
    return { done: true, value: JSON.parse(existing.response) as T };
  }
  // Take over a key whose request died mid-way (silent for IDEMPOTENCY_STALE_MS); a live one answers
  // 409 so the client waits. Of two retries taking over the same silent key, the unique claim (named
  // after the last beat) lets one through: FerretDB's conditional updates are not atomic.
  const lastBeat = new Date(existing.aliveAt ?? existing.startedAt);
  if (
    now.getTime() - lastBeat.getTime() >= IDEMPOTENCY_STALE_MS &&
    (await takeClaim(deps.signing.claims, `idem:${_id}:${lastBeat.getTime()}`, _id, now))
  ) {
    await deps.signing.idempotency.updateOne({ _id, state: 'IN_PROGRESS' }, { $set: { startedAt: now, aliveAt: now } });
    // Keys kept before requests had a reference: the first attempt's claims cannot be recognised.
    return { done: false, requestRef: existing.requestRef ?? randomBytes(12).toString('hex') };
  }
  throw new SealError('IDEMPOTENCY_CONFLICT', 'a request with this Idempotency-Key is still in progress', {
    details: { inProgress: true },
  });
}
