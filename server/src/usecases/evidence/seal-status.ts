import { SealError, sealStatusAt, signMessage, type Sm2Signer } from '@eseal/core';
import type { LedgerClient } from '../../ledger';
import { NO_BATCHES_KNOWN, verificationLedgerOf } from '../signing/ledger-view';

/** The service's status responder: its SM2 key (as a signer) and certificate from the CA. */
export interface StatusResponder {
  signer: Sm2Signer;
  certificateDer: Uint8Array;
}

/** What the public learns: only what a sealed document already shows (the seal code) and the seal's standing. */
export interface SealStatusStatement {
  type: 'eseal.seal-status';
  version: 1;
  sealId: string;
  at: string;
  status: 'ACTIVE' | 'REVOKED' | 'NOT_ACTIVE';
  /** When the seal was revoked, if it was (before or after `at`), and why. */
  revokedAt?: string;
  revocationReason?: string;
  /** The ledger transaction of the timeline entry in force at `at`. */
  ledgerTxId?: string;
  producedAt: string;
}

/** The signed answer: the statement as the exact JSON text signed, SM2 (DER, hex, default ID), and the responder's certificate. */
export interface SignedSealStatus {
  statement: string;
  signature: string;
  certificate: string;
}

/**
 * An OCSP-like answer: the seal's standing at a time, read from the ledger's timeline (the same rule the
 * chaincode and the verifier apply) and signed by the service's responder, so it can be shown later.
 * NOT_FOUND for a seal code the ledger does not know.
 */
export async function signedSealStatus(
  deps: { ledger: Pick<LedgerClient, 'getSeal' | 'getBatchSignature' | 'getBatch'>; responder: StatusResponder; clock: () => Date },
  sealId: string,
  at: Date,
): Promise<SignedSealStatus> {
  const seal = await verificationLedgerOf(deps.ledger, NO_BATCHES_KNOWN).findSeal(sealId);
  if (seal === undefined) throw new SealError('NOT_FOUND', 'no seal with this code on the ledger', { details: { sealId } });
  const standing = sealStatusAt(seal, at);
  const record = await deps.ledger.getSeal(sealId);
  const revocation = record.timeline.find((e) => e.status === 'REVOKED');
  const statement: SealStatusStatement = {
    type: 'eseal.seal-status',
    version: 1,
    sealId,
    at: at.toISOString(),
    status:
      standing.state === 'active' || (standing.state === 'revoked' && standing.revokedAt !== undefined && standing.revokedAt > at)
        ? 'ACTIVE'
        : standing.state === 'revoked'
          ? 'REVOKED'
          : 'NOT_ACTIVE',
    ...(revocation ? { revokedAt: revocation.at, ...(revocation.reason ? { revocationReason: revocation.reason } : {}) } : {}),
    ...(typeof standing.evidence?.txId === 'string' ? { ledgerTxId: standing.evidence.txId } : {}),
    producedAt: deps.clock().toISOString(),
  };
  const text = JSON.stringify(statement);
  const signature = await signMessage(deps.responder.signer, new Uint8Array(Buffer.from(text, 'utf8')));
  return {
    statement: text,
    signature: Buffer.from(signature).toString('hex'),
    certificate: Buffer.from(deps.responder.certificateDer).toString('base64'),
  };
}
