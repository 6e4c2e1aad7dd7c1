/** Evidence for courts and units: self-contained proof bundles (v2). */
export { buildProofBundle } from './build-proof-bundle';
export { bundleOfChain, documentBundleFrom, getDocumentProofBundle, producing, signingChainOf, type EvidenceDeps } from './document-bundle';
export { measureProofBundleCost, type ProofBundleCost } from './bundle-cost';
export { getSealProofBundle } from './seal-bundle';
export { signedSealStatus, type SealStatusStatement, type SignedSealStatus, type StatusResponder } from './seal-status';
export { verifyBundlePublicly, verifyDocumentPublicly, type PublicDocumentVerification, type PublicSealCodes } from './public-verification';
export { bundleCourtReceipts, bundleTimeStamp, type RelaysOfBatch } from './bundle-extras';
