import { SealError } from '@eseal/core';

/**
 * 第十三条 / 第二十条: a seal is valid as long as its certificate; the certificate may be renewed
 * "在有效期届满前30日内". We read that as the half-open window [notAfter − 30 days, notAfter):
 * once the certificate has expired the seal is EXPIRED and the unit applies again, because an
 * expired key must not be brought back to life by a renewal that nobody could sign for in between.
 */
export const RENEWAL_WINDOW_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface Validity {
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export function renewalWindow(notAfter: Date): { opensAt: Date; closesAt: Date } {
  return { opensAt: new Date(notAfter.getTime() - RENEWAL_WINDOW_DAYS * DAY_MS), closesAt: notAfter };
}

export function isWithinRenewalWindow(notAfter: Date, now: Date): boolean {
  const { opensAt, closesAt } = renewalWindow(notAfter);
  return now.getTime() >= opensAt.getTime() && now.getTime() < closesAt.getTime();
}

export function assertRenewalWindowOpen(notAfter: Date, now: Date): void {
  if (!isWithinRenewalWindow(notAfter, now)) {
    const { opensAt, closesAt } = renewalWindow(notAfter);
    throw new SealError('RENEWAL_WINDOW_CLOSED', `renewal is allowed only in the ${RENEWAL_WINDOW_DAYS} days before expiry`, {
      details: { opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString(), now: now.toISOString() },
    });
  }
}

/**
 * The renewed certificate must follow on without a gap (no moment in which signatures could not be
 * checked against a valid certificate) and must actually extend the seal's life.
 */
export function assertRenewedValidity(current: Validity, renewed: Validity): void {
  const problem =
    renewed.notBefore.getTime() >= renewed.notAfter.getTime()
      ? 'renewed certificate ends before it starts'
      : renewed.notBefore.getTime() > current.notAfter.getTime()
        ? 'renewed certificate starts after the current one ends'
        : renewed.notAfter.getTime() <= current.notAfter.getTime()
          ? 'renewed certificate does not extend the validity'
          : undefined;
  if (problem !== undefined) {
    throw new SealError('VALIDATION_FAILED', problem, {
      details: {
        currentNotAfter: current.notAfter.toISOString(),
        renewedNotBefore: renewed.notBefore.toISOString(),
        renewedNotAfter: renewed.notAfter.toISOString(),
      },
    });
  }
}

export function isExpired(notAfter: Date, now: Date): boolean {
  return now.getTime() >= notAfter.getTime();
}
