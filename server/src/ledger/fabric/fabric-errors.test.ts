import { status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { CommitError, CommitStatusError, EndorseError, GatewayError } from '@hyperledger/fabric-gateway';
import { LedgerError } from '../ledger-error';
import { commitFailure, mapFabricError } from './fabric-errors';

const cause = new Error('grpc') as unknown as ServiceError;
const peer = (message: string) => ({ address: 'peer0.maker:7051', mspId: 'MakerMSP', message });

describe('mapFabricError', () => {
  it('keeps a coded chaincode refusal from the peer details, with its details and the transaction id', () => {
    const error = new EndorseError({
      code: GrpcStatus.ABORTED,
      cause,
      transactionId: 'tx-1',
      message: '10 ABORTED: failed to endorse transaction, see attached details for more info',
      details: [peer('chaincode response 500, [SEAL_REVOKED] seal S-1 is revoked details={"sealId":"S-1"}')],
    });
    const mapped = mapFabricError(error);
    expect(mapped).toBeInstanceOf(LedgerError);
    expect(mapped).toMatchObject({
      code: 'SEAL_REVOKED',
      phase: 'endorse',
      transactionId: 'tx-1',
      retry: 'none',
      message: 'seal S-1 is revoked',
    });
    expect(mapped.details).toMatchObject({ sealId: 'S-1', phase: 'endorse', transactionId: 'tx-1' });
  });

  it('maps a coded refusal on evaluate to the same code in the evaluate phase', () => {
    const error = new GatewayError({
      code: GrpcStatus.UNKNOWN,
      cause,
      details: [peer('chaincode response 500, [NOT_FOUND] seal S-9 not found')],
    });
    expect(mapFabricError(error)).toMatchObject({ code: 'NOT_FOUND', phase: 'evaluate' });
  });

  it('does not let an unknown chaincode code into the closed list', () => {
    const error = new EndorseError({
      code: GrpcStatus.ABORTED,
      cause,
      transactionId: 'tx-2',
      details: [peer('chaincode response 500, [SOMETHING_NEW] odd')],
    });
    expect(mapFabricError(error)).toMatchObject({ code: 'LEDGER_ENDORSE_FAILED', phase: 'endorse', transactionId: 'tx-2' });
  });

  it('classifies an unreachable peer as unavailable and retryable as a new transaction', () => {
    const error = new EndorseError({ code: GrpcStatus.UNAVAILABLE, cause, transactionId: 'tx-3', details: [] });
    expect(mapFabricError(error)).toMatchObject({
      code: 'LEDGER_UNAVAILABLE',
      phase: 'endorse',
      transactionId: 'tx-3',
      retry: 'new-transaction',
    });
  });

  it('keeps an uncoded endorsement failure generic, with the peers that answered', () => {
    const error = new EndorseError({
      code: GrpcStatus.FAILED_PRECONDITION,
      cause,
      transactionId: 'tx-4',
      details: [peer('endorsement mismatch')],
    });
    const mapped = mapFabricError(error);
    expect(mapped).toMatchObject({ code: 'LEDGER_ENDORSE_FAILED', retry: 'none' });
    expect(mapped.details).toMatchObject({ peers: [{ mspId: 'MakerMSP', message: 'endorsement mismatch' }] });
  });

  it('maps submit, commit-status and commit failures to their phases', () => {
    const submit = Object.assign(new Error('orderer refused'), {
      name: 'SubmitError',
      transactionId: 'tx-5',
      code: GrpcStatus.UNAVAILABLE,
      details: [],
    });
    expect(mapFabricError(submit)).toMatchObject({
      code: 'LEDGER_SUBMIT_FAILED',
      phase: 'submit',
      transactionId: 'tx-5',
      retry: 'new-transaction',
    });

    const status = new CommitStatusError({ code: GrpcStatus.DEADLINE_EXCEEDED, cause, transactionId: 'tx-6', details: [] });
    expect(mapFabricError(status)).toMatchObject({
      code: 'LEDGER_COMMIT_FAILED',
      phase: 'commit',
      transactionId: 'tx-6',
      retry: 'same-transaction',
    });

    const mvcc = new CommitError({ code: 11, transactionId: 'tx-7', message: 'MVCC_READ_CONFLICT' });
    expect(mapFabricError(mvcc)).toMatchObject({
      code: 'LEDGER_COMMIT_FAILED',
      phase: 'commit',
      transactionId: 'tx-7',
      retry: 'new-transaction',
    });
    expect(commitFailure(10, 'tx-8', 'ENDORSEMENT_POLICY_FAILURE')).toMatchObject({
      retry: 'none',
      details: expect.objectContaining({ validationCode: 10 }),
    });
  });

  it('passes LedgerErrors through and treats anything else as a connection failure', () => {
    const already = new LedgerError('LEDGER_COMMIT_FAILED', 'x', { phase: 'commit', retry: 'none' });
    expect(mapFabricError(already)).toBe(already);
    expect(mapFabricError(new TypeError('socket closed'))).toMatchObject({ code: 'LEDGER_UNAVAILABLE', phase: 'connect' });
  });
});
