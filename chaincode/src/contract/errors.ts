/**
 * Coded chaincode errors. The chaincode depends on nothing of ours, so it keeps its own copy of the codes it
 * uses; each name matches one in the service's closed list so the ledger client can map it back.
 * Wire form (what the peer returns as the error message): `[CODE] message` or `[CODE] message details={json}`.
 */
export const CHAINCODE_ERROR_CODES = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'LEDGER_ACCESS_DENIED',
  'LEDGER_CONFLICT',
  'INVALID_TRANSITION',
  'INVALID_REVOCATION_REASON',
  'RENEWAL_WINDOW_CLOSED',
  'DUPLICATE_LEGAL_NAME_SEAL',
  'SEAL_REVOKED',
  'SEAL_EXPIRED',
  'SEAL_NOT_ACTIVE',
  'SOURCE_PROOF_INVALID',
] as const;

export type ChaincodeErrorCode = (typeof CHAINCODE_ERROR_CODES)[number];

const DETAILS_SEPARATOR = ' details=';

/**
 * A coded refusal. It is an answer, not a fault ("not found" is the usual reply to a verifier's query), and
 * only its message leaves the contract: fabric-shim sends and logs just the message, as does the embedded
 * runtime. So no stack trace is captured; capturing one cost more than the rest of a not-found query.
 */
export class ChaincodeError extends Error {
  override readonly name = 'ChaincodeError';

  constructor(
    readonly code: ChaincodeErrorCode,
    readonly reason: string,
    readonly details?: Record<string, unknown>,
  ) {
    const message = formatChaincodeError(code, reason, details);
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    // The message is the wire form: fabric-shim sends only error.message back to the client.
    super(message);
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** Runs `build` with stack capture off, for errors that are expected answers rather than faults. */
export function withoutStackTrace<T>(build: () => T): T {
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return build();
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

export function formatChaincodeError(code: string, reason: string, details?: Record<string, unknown>): string {
  const base = `[${code}] ${reason.replace(/ details=/g, ' details:')}`;
  return details === undefined ? base : `${base}${DETAILS_SEPARATOR}${JSON.stringify(details)}`;
}

export interface ParsedChaincodeError {
  code: string;
  reason: string;
  details?: Record<string, unknown>;
}

/**
 * Finds a coded error inside a message that may be wrapped by the peer or gateway
 * (e.g. "chaincode response 500, [SEAL_REVOKED] ..."). Returns undefined when there is none.
 */
export function parseChaincodeError(message: string): ParsedChaincodeError | undefined {
  const match = /\[([A-Z][A-Z0-9_]*)\] ([\s\S]*)$/.exec(message);
  if (!match) return undefined;
  const [, code, rest] = match as unknown as [string, string, string];
  const at = rest.indexOf(DETAILS_SEPARATOR);
  if (at < 0) return { code, reason: rest };
  try {
    const details: unknown = JSON.parse(rest.slice(at + DETAILS_SEPARATOR.length));
    if (details !== null && typeof details === 'object' && !Array.isArray(details)) {
      return { code, reason: rest.slice(0, at), details: details as Record<string, unknown> };
    }
  } catch {
    // The details were cut off or altered on the way: keep the code and the whole text.
  }
  return { code, reason: rest };
}
