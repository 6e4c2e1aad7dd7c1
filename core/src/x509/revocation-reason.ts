/** CRLReason (RFC 5280 5.3.1). Value 7 is unused by the standard. */
export const REVOCATION_REASON_CODES = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;

export type RevocationReason = keyof typeof REVOCATION_REASON_CODES;

export function revocationReasonFromCode(code: number): RevocationReason | undefined {
  return (Object.keys(REVOCATION_REASON_CODES) as RevocationReason[]).find((r) => REVOCATION_REASON_CODES[r] === code);
}

export function isRevocationReason(value: unknown): value is RevocationReason {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(REVOCATION_REASON_CODES, value);
}
