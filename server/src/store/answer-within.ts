import { SealError } from '@eseal/core';

/**
 * How long a shared store operation (a grouped insert, a shared read) may go unanswered before its
 * callers are told the store is unavailable. Operations take milliseconds; the bound exists because
 * such an operation has many callers, and others queue behind it: one command hung for ever (the
 * driver sets no socket timeout) must not hold every later signing with it. Well under the HTTP
 * request timeout, so a caller gets the 503 rather than a 408.
 */
export const STORE_ANSWER_DEADLINE_MS = 10_000;

/** `work`, or DEPENDENCY_UNAVAILABLE (503, the record store) when it has not settled within `ms`. */
export function answerWithin<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new SealError('DEPENDENCY_UNAVAILABLE', `the record store did not answer within ${ms / 1000} s`, {
            details: { dependency: 'mongodb' },
          }),
        ),
      ms,
    );
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
