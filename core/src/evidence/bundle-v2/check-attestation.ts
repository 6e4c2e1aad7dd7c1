import { SealError } from '../../errors';
import type { LedgerNode } from './node-trust';
import type { BundleTrust } from './bundle-trust';
import type { EmbeddedAttestationStatement, LedgerAttestation } from './bundle-types';
import { embeddedSignatureHolds } from './embedded-statement';
import { checkFabricTransaction } from './fabric/check-fabric-transaction';
import { nodeTrustAnchor } from './node-trust';
import { readEmbeddedStatement } from './read-statement';

export interface AttestationOutcome {
  statement: EmbeddedAttestationStatement;
  anchor: string;
  /** Fabric: the transaction's index in its block (with the block number, the version of what it wrote). */
  txIndex?: number;
}

/**
 * One ledger attestation. Embedded: the node's signature over the statement, the node trusted at the time
 * it signed, the statement for this bundle's channel. Fabric: the transaction's endorsements and block
 * against the trusted organisations (fabric/check-fabric-transaction.ts). Throws a coded SealError when
 * it does not hold.
 */
export function checkAttestation(
  attestation: LedgerAttestation,
  ledger: { kind: 'embedded' | 'fabric'; channel: string; node?: LedgerNode },
  trust: BundleTrust,
  field: string,
): AttestationOutcome {
  if ((attestation.kind === 'fabric-transaction') !== (ledger.kind === 'fabric'))
    throw new SealError('BUNDLE_RECORD_MISMATCH', `${field}: a ${attestation.kind} attestation in a bundle from the ${ledger.kind} ledger`);
  if (attestation.kind === 'fabric-transaction') {
    if (trust.fabric === undefined)
      throw new SealError('BUNDLE_ANCHOR_UNTRUSTED', `${field}: a Fabric attestation, and the trust file names no Fabric organisations`);
    const { statement, anchor, txIndex } = checkFabricTransaction(attestation, ledger.channel, trust.fabric, field);
    return { statement, anchor, txIndex };
  }
  if (ledger.node === undefined)
    throw new SealError('BUNDLE_ANCHOR_UNTRUSTED', `${field}: an embedded-ledger attestation in a bundle without a node certificate`);
  if (!embeddedSignatureHolds(attestation, ledger.node.key)) {
    throw new SealError('BUNDLE_ATTESTATION_INVALID', `${field}: the ledger node's signature does not hold over the statement`);
  }
  const statement = readEmbeddedStatement(attestation.statement, field);
  const anchor = nodeTrustAnchor(ledger.node.certificate, trust, new Date(statement.attestedAt));
  if (statement.channel !== ledger.channel)
    throw new SealError('BUNDLE_RECORD_MISMATCH', `${field}: attested on channel ${statement.channel}, the bundle names ${ledger.channel}`);
  return { statement, anchor };
}

export type AttestationChecker = (attestation: LedgerAttestation, field: string) => AttestationOutcome;

/**
 * checkAttestation for one bundle, remembering each attestation's outcome: signatures of one batch share
 * one attestation, and checking it again would repeat the same SM2 and chain verifications.
 */
export function attestationChecker(
  ledger: { kind: 'embedded' | 'fabric'; channel: string; node?: LedgerNode },
  trust: BundleTrust,
): AttestationChecker {
  const seen = new Map<string, { outcome?: AttestationOutcome; error?: unknown }>();
  return (attestation, field) => {
    const key = JSON.stringify(attestation);
    let memo = seen.get(key);
    if (memo === undefined) {
      try {
        memo = { outcome: checkAttestation(attestation, ledger, trust, field) };
      } catch (error) {
        memo = { error };
      }
      seen.set(key, memo);
    }
    if (memo.outcome === undefined) throw memo.error;
    return memo.outcome;
  };
}
