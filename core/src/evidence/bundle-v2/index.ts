/** Proof bundle v2: the self-contained evidence format, its strict reader and its offline verifier. */
export type {
  ProofBundleV2,
  BundleSubject,
  BundleLedger,
  BundleSignature,
  BundleSealHistory,
  LedgerAttestation,
  EmbeddedBlockAttestation,
  FabricTransactionAttestation,
  FabricEndorsedQuery,
  EmbeddedAttestationStatement,
  CourtReceipt,
} from './bundle-types';
export { parseProofBundleV2 } from './parse-bundle';
export { signEmbeddedStatement } from './embedded-statement';
export { parseBundleTrust, type BundleTrust } from './bundle-trust';
export { verifyProofBundleV2, type BundleVerification, type BundleVerdict } from './verify-bundle';
export type { BundleCheckLine } from './bundle-check';
export { matchBundleToPdf } from './match-pdf';
export {
  batchEvidenceStatement,
  courtReceiptBatchSignedBytes,
  courtReceiptSignedBytes,
  evidenceDigest,
  type AnchoredBatchFacts,
  type SignedCourtReceipt,
} from './court-receipt-bytes';
// Fabric messages and endorsement checks, for other Fabric evidence (court-chain receipts).
export {
  decodeBlock,
  decodeEndorsedTransaction,
  envelopeOfPreparedTransaction,
  type EndorsedTransaction,
  type FabricBlock,
} from './fabric/block-messages';
export { checkEndorsements } from './fabric/check-endorsements';
export { parseFabricTrust, type FabricTrust } from './fabric/org-trust';
