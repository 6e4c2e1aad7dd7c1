import { SealError } from '@eseal/core';
import { LedgerError, chaincodeFailure, isLedgerError } from './ledger-error';

describe('chaincodeFailure', () => {
  it('turns a wire-form chaincode error into a SealError with the same code', () => {
    const error = chaincodeFailure(
      '[SEAL_NOT_ACTIVE] 1 entries were signed when their seal was not active details={"count":1}',
      'endorse',
      'tx-1',
    );
    expect(error).toBeInstanceOf(SealError);
    expect(isLedgerError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'SEAL_NOT_ACTIVE', phase: 'endorse', transactionId: 'tx-1', retry: 'none' });
    expect(error.details).toMatchObject({ count: 1 });
  });

  it('survives details that were cut off on the way', () => {
    expect(chaincodeFailure('[LEDGER_CONFLICT] batch b-1 differs details={"batch', 'endorse')).toMatchObject({ code: 'LEDGER_CONFLICT' });
  });

  it('falls back to LEDGER_ENDORSE_FAILED for uncoded messages', () => {
    expect(chaincodeFailure('Expected 1 parameters, but 0 have been supplied', 'evaluate')).toMatchObject({
      code: 'LEDGER_ENDORSE_FAILED',
      phase: 'evaluate',
    });
  });

  it('is a LedgerError only for ledger failures', () => {
    expect(isLedgerError(new SealError('NOT_FOUND', 'x'))).toBe(false);
    expect(new LedgerError('LEDGER_TAMPERED', 'x', { phase: 'storage', retry: 'none' }).name).toBe('LedgerError');
  });

  it("builds a query's NOT_FOUND without a stack trace, since callers catch it as an answer", () => {
    const limit = Error.stackTraceLimit;
    const notFound = chaincodeFailure('[NOT_FOUND] signature abc not found details={"signature":"abc"}', 'evaluate', 'tx-q');
    expect(notFound).toMatchObject({
      code: 'NOT_FOUND',
      message: 'signature abc not found',
      phase: 'evaluate',
      transactionId: 'tx-q',
      retry: 'none',
    });
    expect(notFound.details).toEqual({ signature: 'abc', phase: 'evaluate', transactionId: 'tx-q', retry: 'none' });
    expect(framesOf(notFound)).toEqual([]);
    expect(Error.stackTraceLimit).toBe(limit);
  });

  it('keeps the stack of every other failure', () => {
    expect(framesOf(chaincodeFailure('[NOT_FOUND] seal S-1 not found', 'endorse'))).not.toEqual([]);
    expect(framesOf(chaincodeFailure('[SEAL_REVOKED] seal S-1 is revoked', 'evaluate'))).not.toEqual([]);
    expect(framesOf(chaincodeFailure('Expected 1 parameters, but 0 have been supplied', 'evaluate'))).not.toEqual([]);
  });
});

describe('LedgerError details', () => {
  it('are the given details followed by phase, transaction id and retry, which win over same-named details', () => {
    const error = new LedgerError('LEDGER_CONFLICT', 'x', { phase: 'endorse', retry: 'none', details: { batch: 'b-1', phase: 'given' } });
    expect(error.details).toEqual({ batch: 'b-1', phase: 'endorse', transactionId: undefined, retry: 'none' });
    expect(Object.keys(error.details!)).toEqual(['batch', 'phase', 'transactionId', 'retry']);
    expect(Object.getPrototypeOf(error.details)).toBe(Object.prototype);
  });

  it('keep an own __proto__ member from the chaincode as a member, not as a prototype', () => {
    const error = chaincodeFailure('[LEDGER_CONFLICT] x details={"__proto__":{"polluted":true},"batch":"b-1"}', 'endorse');
    expect(Object.hasOwn(error.details!, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(error.details)).toBe(Object.prototype);
    expect((error.details as { polluted?: boolean }).polluted).toBeUndefined();
    expect(error.details).toMatchObject({ batch: 'b-1', phase: 'endorse' });
  });
});

/** The frames of a stack, without its first line (`Name: message`). */
function framesOf(error: Error): string[] {
  return (error.stack ?? '').split('\n').slice(1);
}
