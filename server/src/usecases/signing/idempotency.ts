import { createHash, createHmac } from 'node:crypto';
import { SealError } from '@eseal/core';
import { canonicalJson } from '../../infra/canonical-json';
import type { SigningStore } from '../../store/signing';

type Keys = Pick<SigningStore, 'idempotencyRepository'>;

/** Keys are the caller's own: 1-128 visible ASCII characters (the IETF draft's recommendation is a UUID). */
const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;
/**
 * A key whose attempt started this long ago without an answer kept belongs, most likely, to a
 * request that died with its process: a retry starts a new attempt (at most one per this period,
 * by a unique claim). Seconds, not minutes, so a client repeating after a lost connection is served
 * soon after the service is back. Should the first attempt be alive after all, the unique insert of
 * the answer lets one of the two count and the other replays it.
 */
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
 * Deletes the keys and answers older than the retention (by when they were started or kept):
 * FerretDB has no TTL index, so this runs from the periodic sweep. One delete statement per
 * collection, whatever the number of records.
 */
export async function expireIdempotencyKeys(
  deps: { signing: Keys; clock: () => Date; settings: { idempotencyTtlMs: number } },
  now: Date = deps.clock(),
): Promise<number> {
  const before = new Date(now.getTime() - deps.settings.idempotencyTtlMs);
  return deps.signing.idempotencyRepository.expire(before);
}

/**
 * What an idempotent request does, in two steps so that a crash cannot make it happen twice: `run`
 * computes the answer (it may take claims, which must accept their holder `requestRef` again) and
 * returns the writes that make it count; the answer and those writes are kept under the key before
 * `commit` makes the writes. A retry after a crash finds them kept and commits them again instead of
 * running anew, so it gets the answer the first request computed.
 */
export interface IdempotentWork<T, W> {
  /** `requestRef` is the same for every attempt under one key (undefined without a key). */
  run(requestRef: string | undefined): Promise<{ value: T; writes?: W }>;
  /** Makes the kept writes; a retry may repeat it, so each write must tolerate having been made. */
  commit(writes: W): Promise<void>;
}

/**
 * The reference every attempt under one key works with (a signing's record id is made from it): a
 * function of the key and the request, not a random value kept on the key, because the key itself may
 * be freed (a failed attempt) and made again while an earlier attempt is still alive. Both attempts
 * then claim the same approval and write the same record id, so they cannot make two signatures.
 * The fingerprint is keyed by the server's secret: the reference reveals nothing of the request.
 */
function requestRefOf(keyId: string, fingerprint: string): string {
  return createHash('sm3').update(`idempotent-request\u0000${keyId}\u0000${fingerprint}`).digest('hex').slice(0, 24);
}

type Kept<T> = { done: true; value: T } | { done: false; requestRef: string };

/**
 * Runs `work` at most once per (caller, Idempotency-Key): a retry with the same request gets the
 * kept answer, the same key with another request gets IDEMPOTENCY_CONFLICT. Every write is an
 * insert or an `_id` read (FerretDB v1 scans a collection for every update): the key, the claim of
 * a retry's new attempt, the answer. A failure in `run` frees the key (nothing was written), so the
 * caller may retry after fixing the cause; a failure in `commit` leaves the answer kept for a retry.
 */
export async function withIdempotency<T, W>(
  deps: { signing: Keys; clock: () => Date },
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
  let requestRef = requestRefOf(_id, scope.fingerprint);
  const keys = deps.signing.idempotencyRepository;
  const newKey = await keys.open({ _id, requestSm3: scope.fingerprint, requestRef, startedAt: now });
  if (!newKey) {
    const kept = await existingOutcome<T, W>(deps, _id, scope.fingerprint, now, work);
    if (kept.done) return kept.value;
    requestRef = kept.requestRef;
  }
  if (newKey) {
    // A new key, but an answer may have outlived the old one (a failed attempt freed the key while
    // another kept its answer; the sweep): it is this request's answer, or a conflict.
    let outlived: T | undefined;
    try {
      outlived = await keptAnswer<T, W>(deps, _id, scope.fingerprint, work);
    } catch (error) {
      // Another request's answer: the key just made (nothing ran under it) must not stand in that request's way.
      await keys.free(_id, scope.fingerprint);
      throw error;
    }
    if (outlived !== undefined) return outlived;
  }
  let prepared: { value: T; writes?: W };
  try {
    prepared = await work.run(requestRef);
  } catch (error) {
    // Only while no attempt has an answer: a key with a kept answer stays.
    if (!(await keys.hasAnswer(_id))) await keys.free(_id);
    throw error;
  }
  const response = JSON.stringify(prepared.value);
  const keptNow = await keys.keepAnswer({
    _id,
    response,
    requestSm3: scope.fingerprint,
    ...(prepared.writes === undefined ? {} : { writes: prepared.writes }),
    keptAt: deps.clock(),
  });
  if (!keptNow) {
    // Another attempt under the key (taken for dead while it was alive) kept its answer first: that one counts.
    const kept = await keptAnswer<T, W>(deps, _id, scope.fingerprint, work);
    if (kept) return kept;
    throw keptElsewhere();
  }
  if (prepared.writes !== undefined) await work.commit(prepared.writes);
  return prepared.value;
}

/** The kept answer, its writes made again (they may be half made: its request died, or its store went away). */
async function keptAnswer<T, W>(
  deps: { signing: Keys },
  _id: string,
  fingerprint: string,
  work: IdempotentWork<T, W>,
): Promise<T | undefined> {
  const answer = await deps.signing.idempotencyRepository.answer(_id);
  if (!answer) return undefined;
  // Answers kept before they carried the fingerprint were checked through their key.
  if (answer.requestSm3 !== undefined && answer.requestSm3 !== fingerprint) throw differentRequest();
  if (answer.writes !== undefined) await work.commit(answer.writes as W);
  return JSON.parse(answer.response) as T;
}

async function existingOutcome<T, W>(
  deps: { signing: Keys; clock: () => Date },
  _id: string,
  fingerprint: string,
  now: Date,
  work: IdempotentWork<T, W>,
): Promise<Kept<T>> {
  const existing = await deps.signing.idempotencyRepository.byId(_id);
  if (!existing) throw new SealError('IDEMPOTENCY_CONFLICT', 'the Idempotency-Key is being released; retry', { details: { retry: true } });
  if (existing.requestSm3 !== fingerprint) throw differentRequest();
  // A key kept before answers had their own collection carries its answer itself.
  if (existing.state === 'DONE' && existing.response !== undefined) return { done: true, value: JSON.parse(existing.response) as T };
  const answer = await keptAnswer<T, W>(deps, _id, fingerprint, work);
  if (answer !== undefined) return { done: true, value: answer };
  // No answer yet: the first attempt is still working, or died. One new attempt per period, by a unique claim.
  const started = new Date(existing.startedAt).getTime();
  const period = Math.floor(now.getTime() / IDEMPOTENCY_STALE_MS);
  if (now.getTime() - started >= IDEMPOTENCY_STALE_MS && (await deps.signing.idempotencyRepository.claimRetry(_id, period, now))) {
    return { done: false, requestRef: existing.requestRef ?? requestRefOf(_id, fingerprint) };
  }
  throw new SealError('IDEMPOTENCY_CONFLICT', 'a request with this Idempotency-Key is still in progress', {
    details: { inProgress: true },
  });
}

/** An answer was kept under the key and is gone again (the sweep took it meanwhile): the caller may retry. */
function keptElsewhere(): SealError {
  return new SealError('IDEMPOTENCY_CONFLICT', 'the Idempotency-Key is being released; retry', { details: { retry: true } });
}

function differentRequest(): SealError {
  return new SealError('IDEMPOTENCY_CONFLICT', 'this Idempotency-Key was used with a different request', {
    details: { header: 'Idempotency-Key' },
  });
}
