import { status as GrpcStatus } from '@grpc/grpc-js';
import { LedgerError, type LedgerRetry, chaincodeFailure } from '../ledger-error';

/** The fields of fabric-gateway's error classes this mapping relies on (SubmitError is exported as a type only). */
interface GatewayLikeError extends Error {
  code?: number | string;
  details?: Array<{ address?: string; message?: string; mspId?: string }>;
  transactionId?: string;
}

/** Transaction validation codes after which the same request, as a new transaction, can succeed. */
const RETRY_AS_NEW = new Set([11, 12]); // MVCC_READ_CONFLICT, PHANTOM_READ_CONFLICT
const UNREACHABLE = new Set<number>([GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED]);

/**
 * The one place Fabric and gRPC errors become LedgerErrors. A coded chaincode refusal keeps its code
 * (found in the per-peer details first, where the gateway puts chaincode messages); everything else
 * gets the phase's ledger code, the transaction id and a retry classification.
 */
export function mapFabricError(error: unknown, transactionIdHint?: string): LedgerError {
  if (error instanceof LedgerError) return error;
  const e = (error instanceof Error ? error : new Error(String(error))) as GatewayLikeError;
  const transactionId = e.transactionId ?? transactionIdHint;
  const code = typeof e.code === 'number' ? e.code : undefined;
  switch (e.name) {
    case 'EndorseError':
    case 'GatewayError': {
      const phase = e.name === 'EndorseError' ? 'endorse' : 'evaluate';
      const coded = chaincodeMessage(e);
      if (coded !== undefined) return chaincodeFailure(coded, phase, transactionId, error);
      if (code !== undefined && UNREACHABLE.has(code)) {
        return new LedgerError('LEDGER_UNAVAILABLE', `peer unreachable: ${e.message}`, {
          phase,
          transactionId,
          retry: 'new-transaction',
          cause: error,
        });
      }
      return new LedgerError('LEDGER_ENDORSE_FAILED', e.message, {
        phase,
        transactionId,
        retry: code === GrpcStatus.ABORTED ? 'new-transaction' : 'none',
        cause: error,
        details: peerDetails(e),
      });
    }
    case 'SubmitError':
      // The orderer did not accept it, so it was not ordered: a new transaction cannot double-apply.
      return new LedgerError('LEDGER_SUBMIT_FAILED', e.message, { phase: 'submit', transactionId, retry: 'new-transaction', cause: error });
    case 'CommitStatusError':
      // Ordered, outcome unknown: ask for the status of the same transaction again before redoing anything.
      return new LedgerError('LEDGER_COMMIT_FAILED', e.message, {
        phase: 'commit',
        transactionId,
        retry: 'same-transaction',
        cause: error,
      });
    case 'CommitError':
      return commitFailure(typeof e.code === 'number' ? e.code : -1, transactionId, e.message, error);
    default:
      return new LedgerError('LEDGER_UNAVAILABLE', `ledger call failed: ${e.message}`, {
        phase: 'connect',
        transactionId,
        retry: 'new-transaction',
        cause: error,
      });
  }
}

/** A transaction that was committed but marked invalid. */
export function commitFailure(validationCode: number, transactionId: string | undefined, message: string, cause?: unknown): LedgerError {
  const retry: LedgerRetry = RETRY_AS_NEW.has(validationCode) ? 'new-transaction' : 'none';
  return new LedgerError('LEDGER_COMMIT_FAILED', message, { phase: 'commit', transactionId, retry, cause, details: { validationCode } });
}

function chaincodeMessage(e: GatewayLikeError): string | undefined {
  for (const detail of e.details ?? []) {
    if (detail.message !== undefined && /\[[A-Z][A-Z0-9_]*\] /.test(detail.message)) return detail.message;
  }
  return /\[[A-Z][A-Z0-9_]*\] /.test(e.message) ? e.message : undefined;
}

function peerDetails(e: GatewayLikeError): Record<string, unknown> | undefined {
  if (!e.details?.length) return undefined;
  return { peers: e.details.map((d) => ({ address: d.address, mspId: d.mspId, message: d.message })) };
}
