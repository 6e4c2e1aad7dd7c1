import { isSealError, type ErrorCode } from '../../errors';

/** One line of an offline verification: what was checked, against which anchor, and the result. */
export interface BundleCheckLine {
  id: string;
  status: 'pass' | 'fail' | 'not-checked';
  /** Set on a failure: the specific code (BUNDLE_*, SEAL_REVOKED, SEAL_NOT_ACTIVE). */
  code?: ErrorCode;
  message: string;
  /** The trust anchor the check rests on, when it rests on one. */
  anchor?: string;
}

export const pass = (id: string, message: string, anchor?: string): BundleCheckLine => ({
  id,
  status: 'pass',
  message,
  ...(anchor ? { anchor } : {}),
});
export const fail = (id: string, code: ErrorCode, message: string): BundleCheckLine => ({ id, status: 'fail', code, message });
export const notChecked = (id: string, message: string): BundleCheckLine => ({ id, status: 'not-checked', message });

/** A coded error thrown by a step becomes its failed line; anything else is a bug and propagates. */
export function lineFromError(id: string, error: unknown): BundleCheckLine {
  if (isSealError(error)) return fail(id, error.code, error.message);
  throw error;
}
