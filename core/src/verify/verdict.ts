import type { PdfCheckResult } from './report';

/**
 * The three verdicts of ETSI EN 319 102-1, in spirit: VALID (every check that matters passed),
 * INVALID (some check failed), INDETERMINATE (nothing failed, but something a verdict needs is
 * unknown: revocation status, the ledger, an anchor that should exist by now).
 */
export type Verdict = 'VALID' | 'INVALID' | 'INDETERMINATE';

/** One signature: a failure outweighs an unknown, an unknown outweighs a pass. Skipped checks do not count. */
export function signatureVerdict(checks: readonly PdfCheckResult[]): Verdict {
  if (checks.some((c) => c.status === 'fail')) return 'INVALID';
  if (checks.some((c) => c.status === 'indeterminate')) return 'INDETERMINATE';
  return 'VALID';
}

/** The file: INVALID when unsigned or when any signature is; otherwise the weakest signature's verdict. */
export function documentVerdict(signatures: readonly { verdict: Verdict }[]): Verdict {
  if (signatures.length === 0 || signatures.some((s) => s.verdict === 'INVALID')) return 'INVALID';
  return signatures.some((s) => s.verdict === 'INDETERMINATE') ? 'INDETERMINATE' : 'VALID';
}
