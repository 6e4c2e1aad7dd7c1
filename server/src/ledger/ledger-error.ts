import { SealError, type ErrorCode, isErrorCode } from '@eseal/core';
import { chaincode } from './chaincode-runtime';

/**
 * Where a ledger call failed. evaluate: a read; endorse: the chaincode ran (and may have refused);
 * submit: the orderer did not take the endorsed transaction; commit: it was ordered but not committed
 * valid, or its status is unknown; connect: the ledger could not be reached; storage: the embedded
 * ledger's own files.
 */
export type LedgerPhase = 'evaluate' | 'endorse' | 'submit' | 'commit' | 'connect' | 'storage';

/**
 * What a caller may do about it: nothing (business refusal, tampering), resend the same signed
 * transaction / ask for its status again, or build a new transaction (new id) and try again.
 */
export type LedgerRetry = 'none' | 'same-transaction' | 'new-transaction';

export class LedgerError extends SealError {
  override readonly name = 'LedgerError';
  readonly phase: LedgerPhase;
  readonly transactionId?: string;
  readonly retry: LedgerRetry;

  constructor(
    code: ErrorCode,
    message: string,
    options: { phase: LedgerPhase; transactionId?: string; retry: LedgerRetry; details?: Record<string, unknown>; cause?: unknown },
  ) {
    super(code, message, {
      details: withLedgerFacts(options.details, { phase: options.phase, transactionId: options.transactionId, retry: options.retry }),
      cause: options.cause,
    });
    this.phase = options.phase;
    this.transactionId = options.transactionId;
    this.retry = options.retry;
  }
}

/**
 * `{ ...details, phase, ... }`, built without the literal: V8 takes a slow path (microseconds) when members
 * follow a spread, and a ledger error is built per not-found query. Object.assign would turn an own
 * `__proto__` member into a prototype, so such details keep the spread.
 */
function withLedgerFacts(details: Record<string, unknown> | undefined, facts: Record<string, unknown>): Record<string, unknown> {
  if (details !== undefined && Object.hasOwn(details, '__proto__')) return { ...details, ...facts };
  return Object.assign({}, details, facts);
}

export function isLedgerError(error: unknown): error is LedgerError {
  return error instanceof LedgerError;
}

/**
 * Compile-time check that every code the chaincode can raise is in the service's closed list (the
 * chaincode keeps its own copy because it imports nothing of ours): adding a code there without adding
 * it to core's ERROR_CODES fails the build here instead of surfacing as LEDGER_ENDORSE_FAILED.
 */
type ChaincodeCodesAreServiceCodes = chaincode.ChaincodeErrorCode extends ErrorCode ? true : never;
export const CHAINCODE_CODES_ARE_SERVICE_CODES: ChaincodeCodesAreServiceCodes = true;

/**
 * Maps a chaincode failure message to a LedgerError. A `[CODE]` from our closed list keeps its code
 * (SEAL_REVOKED stays SEAL_REVOKED for the API); anything else (an uncoded message, a code we do not know)
 * is a generic endorsement failure, because an unknown code must not leak into the API's closed list.
 */
export function chaincodeFailure(message: string, phase: 'evaluate' | 'endorse', transactionId?: string, cause?: unknown): LedgerError {
  const parsed = chaincode.parseChaincodeError(message);
  if (parsed !== undefined && isErrorCode(parsed.code)) {
    const code = parsed.code;
    const refusal = () => new LedgerError(code, parsed.reason, { phase, transactionId, retry: 'none', details: parsed.details, cause });
    return isNotFoundAnswer(code, phase) ? chaincode.withoutStackTrace(refusal) : refusal();
  }
  return new LedgerError('LEDGER_ENDORSE_FAILED', `chaincode failed: ${message}`, { phase, transactionId, retry: 'none', cause });
}

/**
 * A query's "not found" is an answer that callers catch (a verifier asking about a signature not anchored
 * yet), never a fault to trace, so its error skips the stack trace, most of the cost of building it.
 * Everything else keeps its stack for the logs.
 */
function isNotFoundAnswer(code: ErrorCode, phase: 'evaluate' | 'endorse'): boolean {
  return code === 'NOT_FOUND' && phase === 'evaluate';
}
