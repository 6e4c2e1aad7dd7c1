import type { LedgerSignatureView } from './ledger-port';
import type { PdfCheckResult } from './report';

/** Clocks differ and timeInfo is rounded up to the second: this much "later than" is tolerated. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The claimed signing time is the signer's word, and everything judged "at signing time" hangs on
 * it. Some claims cannot be true whatever the key: a time after this verification, after the ledger
 * anchored the signature, or outside the seal's own validity. Each fails with one code.
 */
export function checkSigningTime(facts: {
  claimed: Date;
  now: Date;
  seal: { validStart: Date; validEnd: Date };
  /** A ledger anchor that matched this signature's seal and revision. */
  anchor?: LedgerSignatureView;
  skewMs?: number;
}): PdfCheckResult {
  const id = 'signature.signing-time' as const;
  const skew = facts.skewMs ?? CLOCK_SKEW_MS;
  const claimed = facts.claimed.getTime();
  const details = {
    claimed: facts.claimed.toISOString(),
    verifiedAt: facts.now.toISOString(),
    toleranceMs: skew,
    sealValidFrom: facts.seal.validStart.toISOString(),
    sealValidTo: facts.seal.validEnd.toISOString(),
    ...(facts.anchor ? { anchoredAt: facts.anchor.anchoredAt.toISOString() } : {}),
  };
  const impossible = (why: string) => ({
    id,
    status: 'fail' as const,
    code: 'SIGNING_TIME_IMPOSSIBLE' as const,
    message: `the claimed signing time ${details.claimed} ${why}`,
    details,
  });
  if (claimed > facts.now.getTime() + skew) return impossible(`is later than the time of verification (${details.verifiedAt})`);
  if (facts.anchor && claimed > facts.anchor.anchoredAt.getTime() + skew)
    return impossible(`is later than the ledger anchored the signature (${details.anchoredAt})`);
  if (claimed < facts.seal.validStart.getTime() || claimed > facts.seal.validEnd.getTime()) {
    return impossible(`is outside the seal's validity (${details.sealValidFrom} to ${details.sealValidTo})`);
  }
  return {
    id,
    status: 'pass',
    message: "the claimed signing time is possible: not in the future, not after its anchor, inside the seal's validity",
    details,
  };
}
