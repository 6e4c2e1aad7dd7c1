import type { AnchorEntryFacts } from '../proof-bundle';

/**
 * Proof bundle v2 (docs/proof-bundle-v2.md, docs/proof-bundle-v2.schema.json): everything a court needs,
 * besides the signed file and its trust anchors, to check offline that each signature was anchored and
 * that its seal was active when it was made. Byte strings are hex (hashes, signatures) or base64 (DER).
 */
export interface ProofBundleV2 {
  format: 'eseal.proof-bundle';
  version: 2;
  subject: BundleSubject;
  ledger: BundleLedger;
  signatures: BundleSignature[];
  seals: BundleSealHistory[];
}

/** What the bundle is for: one signed document (every signature of it) or one seal (its signatures and life). */
export type BundleSubject = { kind: 'document'; documentSm3: string } | { kind: 'seal'; sealId: string };

export interface BundleLedger {
  kind: 'embedded' | 'fabric';
  channel: string;
  /**
   * embedded: the ledger node's certificate (base64 DER) whose key signs the attestations.
   * fabric: unused (endorser and orderer certificates travel inside each attestation).
   */
  nodeCertificate?: string;
}

export interface BundleSignature {
  /** The entry exactly as anchored: the Merkle leaf is rebuilt from it. */
  entry: AnchorEntryFacts;
  merkle: { batchId: string; leafIndex: number; treeSize: number; path: string[]; root: string };
  /** The ledger's attestation of the batch record (its root) for merkle.batchId. */
  anchor: LedgerAttestation;
  /** Court-chain receipts, when the evidence was relayed. */
  courtReceipts?: CourtReceipt[];
  /** RFC 3161 time-stamp token over the signature value (base64 DER), when one was obtained. */
  timeStampToken?: string;
  /**
   * The SES_Signature (base64 DER) whose SM3 is `entry.signatureSm3`: carried with a time-stamp token, it
   * ties the token to the anchored signature (the token stamps its signature value and sits inside it).
   */
  sesSignature?: string;
}

export interface BundleSealHistory {
  sealId: string;
  /** One attestation per ledger transaction of the seal (issued, changed, renewed, revoked), oldest first. */
  history: LedgerAttestation[];
  /**
   * Fabric: the endorsed GetSeal query whose read set names the transaction that last wrote the seal, so no
   * later change can be left out (the embedded ledger's statements say `current` themselves).
   */
  current?: FabricEndorsedQuery;
}

export type LedgerAttestation = EmbeddedBlockAttestation | FabricTransactionAttestation;

/**
 * The embedded ledger's node signs a statement (docs: "Embedded attestation") naming a block header of its
 * hash chain and the record that block's transaction wrote. The statement travels as the exact string
 * signed, so no canonicalisation stands between the signer and a verifier.
 */
export interface EmbeddedBlockAttestation {
  kind: 'embedded-block';
  /** JSON text of an EmbeddedAttestationStatement. */
  statement: string;
  /** SM2 signature (DER, hex) over the UTF-8 statement, default user ID. */
  signature: string;
}

/**
 * A Fabric transaction with the block that holds it, as the peers' query system chaincode returns it
 * (qscc GetBlockByTxID). The block carries the transaction envelope (channel header, proposal input, the
 * proposal response payload with its read-write set and every endorsement: endorser certificate and
 * signature), every other envelope of the block (the header's data hash covers them all), the block header
 * and the orderer's signature over it, and the committing peer's validation flags.
 */
export interface FabricTransactionAttestation {
  kind: 'fabric-transaction';
  txId: string;
  /** base64 of the Block protobuf. */
  block: string;
}

/** An endorsed, never submitted query (GetSeal), Weaver-style: base64 of the transaction Envelope holding the endorsements. */
export interface FabricEndorsedQuery {
  kind: 'fabric-endorsed-query';
  envelope: string;
}

export interface EmbeddedAttestationStatement {
  type: 'eseal.ledger-attestation';
  version: 1;
  channel: string;
  block: { number: number; hash: string; previousHash: string; txId: string; timestamp: string; fn: string };
  /** The ledger's head when the node signed: later statements can be compared against it. */
  head: { number: number; hash: string };
  /** The record the block's transaction wrote (a batch or a seal record, as the chaincode stores it). */
  record: Record<string, unknown>;
  /** Whether that record was still the current value at `head`: a newer change cannot be left out unseen. */
  current: boolean;
  attestedAt: string;
}

/**
 * A court chain's receipt of the signature's batch. `receipt` is the receipt's fields as bytes (base64):
 * the JSON array [evidenceId, evidenceNumber, txHash, blockHeight, recordedAt, digest, digestAlgorithm].
 * From an SM2 court chain, `signature` is the court's SM2 signature over them (base64 DER). From a court
 * organisation's own Fabric channel, `signature` is its peers' endorsement of GetEvidence for the evidence
 * (base64 transaction envelope), and `block` the block holding the court transaction `txHash` that recorded
 * it (base64 Block protobuf, orderer-signed): docs/proof-bundle-v2.md, "Fabric court receipts".
 */
export interface CourtReceipt {
  chain: string;
  evidenceId: string;
  txHash?: string;
  blockHeight?: number;
  receipt: string;
  signature?: string;
  /**
   * A receipt the court signed together with others (its batch route): `signature` is then over the batch
   * bytes ["eseal.court-receipt-batch.v1", root, treeSize], and this is the receipt's inclusion in that tree
   * (leaf = SM3(0x00 ‖ receipt), RFC 6962 shape, sibling hashes from the leaf up, hex).
   */
  batch?: { root: string; leafIndex: number; treeSize: number; path: string[] };
  block?: string;
}
