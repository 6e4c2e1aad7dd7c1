import { createHmac } from 'node:crypto';
import { SealError } from '@eseal/core';
import { canonicalJson } from '../../infra/canonical-json';
import { isDuplicateKeyError } from '../../store';
import type { SigningStore } from '../../store/signing';

/** Keys are the caller's own: 1-128 visible ASCII characters (the IETF draft's recommendation is a UUID). */
const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;
/** An IN_PROGRESS key older than this belongs to a request that died; a retry may take it over. */
const STALE_MS = 2 * 60 * 1000;

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
 * Runs `work` at most once per (caller, Idempotency-Key): a retry with the same request gets the
 * stored answer, the same key with another request gets IDEMPOTENCY_CONFLICT. The unique _id decides
 * between two retries arriving together. A failure frees the key (nothing was signed), so the caller
 * may retry after fixing the cause.
 */
export async function withIdempotency<T>(
  deps: { signing: SigningStore; clock: () => Date },
  scope: { callerId: string; key: string | undefined; fingerprint: string },
  work: () => Promise<T>,
): Promise<T> {
  if (scope.key === undefined) return work();
  if (!KEY_PATTERN.test(scope.key))
    throw new SealError('VALIDATION_FAILED', 'Idempotency-Key must be 1-128 visible ASCII characters', {
      details: { header: 'Idempotency-Key' },
    });
  const _id = `${scope.callerId}\u0000${scope.key}`;
  const now = deps.clock();
  try {
    await deps.signing.idempotency.create({ _id, requestSm3: scope.fingerprint, state: 'IN_PROGRESS', startedAt: now });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const replay = await existingOutcome<T>(deps, _id, scope.fingerprint, now);
    if (replay.done) return replay.value;
  }
  let value: T;
  try {
    value = await work();
  } catch (error) {
    await deps.signing.idempotency.deleteOne({ _id, state: 'IN_PROGRESS' });
    throw error;
  }
  await deps.signing.idempotency.updateOne(
    { _id },
    { $set: { state: 'DONE', response: JSON.stringify(value), completedAt: deps.clock() } },
  );
  return value;
}

async function existingOutcome<T>(
  deps: { signing: SigningStore },
  _id: string,
  fingerprint: string,
  now: Date,
): Promise<{ done: true; value: T } | { done: false }> {
  const existing = await deps.signing.idempotency.findById(_id).lean();
  if (!existing) throw new SealError('IDEMPOTENCY_CONFLICT', 'the Idempotency-Key is being released; retry', { details: { retry: true } });
  if (existing.requestSm3 !== fingerprint) {
    throw new SealError('IDEMPOTENCY_CONFLICT', 'this Idempotency-Key was used with a different request', {
      details: { header: 'Idempotency-Key' },
    });
  }
  if (existing.state === 'DONE' && existing.response !== undefined) return { done: true, value: JSON.parse(existing.response) as T };
  // Take over a key whose first request died mid-way; a live one answers 409 so the client waits.
  const takenOver = await deps.signing.idempotency.updateOne(
    { _id, state: 'IN_PROGRESS', startedAt: { $lt: new Date(now.getTime() - STALE_MS) } },
    { $set: { startedAt: now } },
  );
  if (takenOver.modifiedCount === 1) return { done: false };
  throw new SealError('IDEMPOTENCY_CONFLICT', 'a request with this Idempotency-Key is still in progress', {
    details: { inProgress: true },
  });
}
