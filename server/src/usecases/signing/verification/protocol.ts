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
  | { kind: 'reply'; call: number; ok: true; value: unknown }
  | { kind: 'reply'; call: number; ok: false; error: WireError };

export type FromWorker =
  | { kind: 'call'; call: number; method: ServiceMethod; args: unknown[] }
  | { kind: 'done'; task: number; ok: true; report: PdfVerificationReport }
  | { kind: 'done'; task: number; ok: false; error: WireError };

export interface WireError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
  /** Set for an error that was not a SealError: the other side reports it as INTERNAL, stack kept for the log. */
  stack?: string;
}

export function toWireError(error: unknown): WireError {
  if (isSealError(error)) return { code: error.code, message: error.message, ...(error.details ? { details: structuredSafe(error.details) } : {}) };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message, ...(error instanceof Error && error.stack ? { stack: error.stack } : {}) };
}

export function fromWireError(wire: WireError): SealError {
  const code: ErrorCode = isErrorCode(wire.code) ? wire.code : 'INTERNAL';
  const error = new SealError(code, wire.message, wire.details ? { details: wire.details } : {});
  if (wire.stack) error.stack = `${error.stack}\n    -- in the verification thread --\n${wire.stack}`;
  return error;
}

/** Details are plain data by convention; anything structured clone refuses (functions) is dropped, not fatal. */
function structuredSafe(details: Record<string, unknown>): Record<string, unknown> | undefined {
  try {
    return structuredClone(details);
  } catch {
    return undefined;
  }
}
