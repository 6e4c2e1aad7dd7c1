import { createHash } from 'node:crypto';
import { SealError } from '../../../errors';
import { decodeIdentity, type EndorsedTransaction } from './block-messages';
import { ecdsaSha256Holds, type FabricTrust, trustedFabricIdentity } from './org-trust';

/**
 * A Weaver-style view of one endorsed transaction: the endorsements are for exactly this proposal (the
 * proposal hash is rebuilt from the transaction's own headers and input), each endorser's ECDSA signature
 * holds over (proposal response payload ‖ endorser), each endorser is a peer certified by its
 * organisation's trusted CA, the organisations the verifier requires all endorsed, and the chaincode
 * answered success. Returns the report text naming each endorser and its CA.
 */
export function checkEndorsements(tx: EndorsedTransaction, trust: FabricTrust, field: string): string {
  if (tx.type !== ENDORSER_TRANSACTION)
    throw new SealError('BUNDLE_ATTESTATION_INVALID', `${field}: transaction ${tx.txId} is not an endorser transaction`);
  if (tx.chaincode !== trust.chaincode || tx.resultChaincode !== trust.chaincode)
    throw new SealError('BUNDLE_RECORD_MISMATCH', `${field}: transaction ${tx.txId} ran chaincode ${tx.chaincode}, not ${trust.chaincode}`);
  const hash = createHash('sha256');
  for (const part of tx.proposalHashInput) hash.update(part);
  if (!hash.digest().equals(Buffer.from(tx.proposalHash)))
    throw new SealError('BUNDLE_ENDORSEMENT_INVALID', `${field}: the endorsements of ${tx.txId} are for another proposal`);
  const endorsers = new Map<string, string>();
  for (const [i, e] of tx.endorsements.entries()) {
    const at = `${field}: endorsement ${i} of ${tx.txId}`;
    let identity;
    try {
      identity = decodeIdentity(e.endorser);
    } catch (cause) {
      throw new SealError('BUNDLE_ENDORSER_UNTRUSTED', `${at}: the endorser identity cannot be read`, { cause });
    }
    const trusted = trustedFabricIdentity(identity, 'peer', trust, tx.timestamp, 'BUNDLE_ENDORSER_UNTRUSTED');
    const signed = Buffer.concat([tx.proposalResponsePayload, e.endorser]);
    if (!ecdsaSha256Holds(trusted.certificate.publicKey, signed, e.signature))
      throw new SealError('BUNDLE_ENDORSEMENT_INVALID', `${at}: the signature of ${trusted.anchor} does not hold`);
    if (!endorsers.has(trusted.mspId)) endorsers.set(trusted.mspId, trusted.anchor);
  }
  const missing = trust.endorsement.allOf.filter((mspId) => !endorsers.has(mspId));
  if (missing.length > 0)
    throw new SealError(
      'BUNDLE_ENDORSEMENT_POLICY_UNMET',
      `${field}: transaction ${tx.txId} lacks the endorsement of ${missing.join(', ')} (the policy needs ${trust.endorsement.allOf.join(' AND ')})`,
    );
  if (tx.response.status < 200 || tx.response.status >= 400)
    throw new SealError('BUNDLE_ATTESTATION_INVALID', `${field}: the chaincode answered ${tx.response.status} in ${tx.txId}`);
  return `endorsed by ${[...endorsers.values()].join('; ')}`;
}

const ENDORSER_TRANSACTION = 3;
