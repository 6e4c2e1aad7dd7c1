import { SealError } from '@eseal/core';

/**
 * How long a shared store operation (a grouped insert, a shared read) may hold the others queued
 * behind it. Operations take milliseconds; the bound exists because such an operation has many
 * callers and others wait for it to end: one command hung for ever (the driver sets no socket
 * timeout) must not hold every later signing with it.
 */
export const STORE_ANSWER_DEADLINE_MS = 10_000;

/**
 * `work`, or DEPENDENCY_UNAVAILABLE (503, the record store) when it has not settled within `ms`. For
 * reads only: a write told "failed" that commits later would be worse than a late answer.
 */
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

/** Resolves when `work` settles, or after `ms`, whichever comes first; never rejects. */
export function waitAtMost(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return Promise.race([work.then(noop, noop), elapsed]).finally(() => clearTimeout(timer));
}

function noop(): void {}
