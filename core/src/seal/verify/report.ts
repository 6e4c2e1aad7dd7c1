import type { ErrorCode } from '../../errors';

/**
 * Every check the standard asks for gets a line in the report, passed, failed or skipped, so a
 * court-facing report shows what was and was not established. Verification failures are results,
 * never exceptions. "indeterminate": the check matters but something it needs is unknown (revocation
 * status, the ledger), so it neither passes nor fails (ETSI EN 319 102-1's INDETERMINATE); "skipped":
 * it does not apply (no time-stamp carried, no proof bundle given).
 */
export type CheckStatus = 'pass' | 'fail' | 'skipped' | 'indeterminate';

export type CheckId =
  | 'seal.format'
  | 'seal.maker-signature'
  | 'seal.maker-certificate'
  | 'seal.validity'
  | 'seal.maker-timestamp'
  | 'signature.format'
  | 'signature.value'
  | 'signature.signer-certificate'
  | 'signature.cert-in-seal'
  | 'signature.data-hash'
  | 'signature.timestamp'
  | 'signature.seal-ledger-status';

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  /** Set on failure (and on indeterminate, for what is missing): one distinct code per kind. */
  code?: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export function passed(id: CheckId, message: string, details?: Record<string, unknown>): CheckResult {
  return withDetails({ id, status: 'pass', message }, details);
}

export function failed(id: CheckId, code: ErrorCode, message: string, details?: Record<string, unknown>): CheckResult {
  return withDetails({ id, status: 'fail', code, message }, details);
}

export function indeterminate(id: CheckId, code: ErrorCode, message: string, details?: Record<string, unknown>): CheckResult {
  return withDetails({ id, status: 'indeterminate', code, message }, details);
}

export function skipped(id: CheckId, message: string, details?: Record<string, unknown>): CheckResult {
  return withDetails({ id, status: 'skipped', message }, details);
}

/** A report is valid when nothing failed; skipped checks are listed but do not invalidate. */
export function allPassed(checks: readonly CheckResult[]): boolean {
  return checks.every((c) => c.status !== 'fail');
}

function withDetails(result: CheckResult, details?: Record<string, unknown>): CheckResult {
  return details === undefined ? result : { ...result, details };
}
