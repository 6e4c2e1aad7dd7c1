/** The CLI's exit codes; scripts and courts' tooling depend on them, so they never change meaning. */
export const EXIT = {
  OK: 0,
  /** The command ran and the answer is "no" (a signature invalid, a check failed), or it failed. */
  FAILURE: 1,
  /** Wrong usage, or an input that cannot be read at all. */
  USAGE: 2,
  /** The command ran but the answer is unknown: something it needs (revocation status, the ledger) was not available. */
  INDETERMINATE: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
