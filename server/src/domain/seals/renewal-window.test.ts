import { SealError } from '@eseal/core';
import { assertRenewalWindowOpen, assertRenewedValidity, isExpired, isWithinRenewalWindow, renewalWindow } from './renewal-window';

const notAfter = new Date('2027-06-30T16:00:00Z');
const at = (iso: string) => new Date(iso);

describe('renewal window (第十三条: 30 days before expiry)', () => {
  it('opens exactly 30 days before expiry and closes at expiry', () => {
    expect(renewalWindow(notAfter).opensAt.toISOString()).toBe('2027-05-31T16:00:00.000Z');
    expect(isWithinRenewalWindow(notAfter, at('2027-05-31T15:59:59.999Z'))).toBe(false);
    expect(isWithinRenewalWindow(notAfter, at('2027-05-31T16:00:00Z'))).toBe(true);
    expect(isWithinRenewalWindow(notAfter, at('2027-06-30T15:59:59.999Z'))).toBe(true);
    expect(isWithinRenewalWindow(notAfter, notAfter)).toBe(false);
    expect(isWithinRenewalWindow(notAfter, at('2027-08-01T00:00:00Z'))).toBe(false);
  });

  it('throws RENEWAL_WINDOW_CLOSED with the window in details', () => {
    try {
      assertRenewalWindowOpen(notAfter, at('2027-01-01T00:00:00Z'));
      throw new Error('expected a SealError');
    } catch (error) {
      expect((error as SealError).code).toBe('RENEWAL_WINDOW_CLOSED');
      expect((error as SealError).details).toEqual({
        opensAt: '2027-05-31T16:00:00.000Z',
        closesAt: '2027-06-30T16:00:00.000Z',
        now: '2027-01-01T00:00:00.000Z',
      });
    }
  });

  it('requires the renewed certificate to follow on and extend', () => {
    const current = { notBefore: at('2025-06-30T16:00:00Z'), notAfter };
    expect(() =>
      assertRenewedValidity(current, { notBefore: at('2027-06-10T00:00:00Z'), notAfter: at('2029-06-30T16:00:00Z') }),
    ).not.toThrow();
    const cases = [
      { notBefore: at('2027-07-02T00:00:00Z'), notAfter: at('2029-06-30T16:00:00Z') }, // gap
      { notBefore: at('2027-06-10T00:00:00Z'), notAfter }, // no extension
      { notBefore: at('2029-06-30T16:00:00Z'), notAfter: at('2027-06-10T00:00:00Z') }, // reversed
    ];
    for (const renewed of cases) expect(() => assertRenewedValidity(current, renewed)).toThrow(SealError);
  });

  it('counts the seal as expired from notAfter on', () => {
    expect(isExpired(notAfter, at('2027-06-30T15:59:59Z'))).toBe(false);
    expect(isExpired(notAfter, notAfter)).toBe(true);
  });
});
