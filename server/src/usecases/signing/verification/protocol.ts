import { SealError, isErrorCode, isSealError, type ErrorCode, type PdfLimits, type PdfVerificationReport } from '@eseal/core';

/**
 * Messages between the verification pool (event-loop thread) and its worker threads. Everything
 * crosses by structured clone, which keeps Dates, Uint8Arrays and bigints but not Error subclasses:
 * errors travel as their code, message and details and are rebuilt as SealErrors on the other side.
 */

/** What a worker may ask of the event-loop thread: the trust and ledger calls verification makes. */
export type ServiceMethod = 'checkCertificate' | 'verifyTimeStampToken' | 'findSeal' | 'findSignature' | 'findBatchRoot';

/** Which optional trust and ledger methods the event-loop thread has: the worker offers the same ones. */
export interface ServiceShape {
  timeStamps: boolean;
  batchRoots: boolean;
}

export type ToWorker =
  | { kind: 'verify'; task: number; pdf: Uint8Array; now: number; limits?: Partial<PdfLimits>; shape: ServiceShape }
  | { kind: 'ping' }
  | { kind: 'reply'; call: number; ok: true; value: unknown }
  | { kind: 'reply'; call: number; ok: false; error: WireError };

export type FromWorker =
  | { kind: 'call'; call: number; method: ServiceMethod; args: unknown[] }
  | { kind: 'pong' }
  /** The task whose PDF is being read (the long synchronous part), or null once reading is over. */
  | { kind: 'reading'; task: number | null }
  | { kind: 'done'; task: number; ok: true; report: PdfVerificationReport }
  | { kind: 'done'; task: number; ok: false; error: WireError };

export interface WireError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
  /** False for an error that was not a SealError: its message is for the log only, never for a caller. */
  coded: boolean;
  /** The thrower's stack (and its cause's message), for the log of the side that reports it. */
  stack?: string;
}

export function toWireError(error: unknown): WireError {
  const stack = describeForLog(error);
  if (isSealError(error)) {
    return {
      code: error.code,
      message: error.message,
      coded: true,
      ...(error.details ? { details: structuredSafe(error.details) } : {}),
      ...(stack ? { stack } : {}),
    };
  }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error), coded: false, ...(stack ? { stack } : {}) };
}

/**
 * A coded error keeps its code, message and details (they were already fit for callers); anything
 * else becomes INTERNAL with the fixed public message, the original text and stack kept as the cause.
 */
export function fromWireError(wire: WireError): SealError {
  const cause = new Error(wire.message);
  cause.stack = wire.stack ?? `Error: ${wire.message}`;
  if (!wire.coded || !isErrorCode(wire.code)) return new SealError('INTERNAL', 'Internal error', { cause });
  return new SealError(wire.code, wire.message, { ...(wire.details ? { details: wire.details } : {}), cause });
}

function describeForLog(error: unknown): string | undefined {
  if (!(error instanceof Error) || error.stack === undefined) return undefined;
  const cause = error.cause instanceof Error ? `\ncaused by: ${error.cause.stack ?? error.cause.message}` : '';
  return error.stack + cause;
}

/** Details are plain data by convention; anything structured clone refuses (functions) is dropped, not fatal. */
function structuredSafe(details: Record<string, unknown>): Record<string, unknown> | undefined {
  try {
    return structuredClone(details);
  } catch {
    return undefined;
  }
}
