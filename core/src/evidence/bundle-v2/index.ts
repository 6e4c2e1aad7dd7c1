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
export { envelopeOfPreparedTransaction } from './fabric/block-messages';
export type { FabricTrust } from './fabric/org-trust';
