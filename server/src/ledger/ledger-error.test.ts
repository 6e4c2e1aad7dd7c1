import { SealError } from '@eseal/core';
import { LedgerError, chaincodeFailure, isLedgerError } from './ledger-error';

describe('chaincodeFailure', () => {
  it('turns a wire-form chaincode error into a SealError with the same code', () => {
    const error = chaincodeFailure('[SEAL_NOT_ACTIVE] 1 entries were signed when their seal was not active details={"count":1}', 'endorse', 'tx-1');
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
      code: 'LEDGER_ENDORSE_FAILED', phase: 'evaluate',
    });
  });

  it('is a LedgerError only for ledger failures', () => {
    expect(isLedgerError(new SealError('NOT_FOUND', 'x'))).toBe(false);
    expect(new LedgerError('LEDGER_TAMPERED', 'x', { phase: 'storage', retry: 'none' }).name).toBe('LedgerError');
  });
});
