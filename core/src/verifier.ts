// The verifier's surface of @eseal/core (`@eseal/core/verifier`): what `seal verify` needs and no more.
// Every name here is also exported by the package's index; this entry exists so a short-lived process
// that only verifies does not load signing, sealing, imprint rendering or OFD writing. Keep its
// imports pointed at single modules, never at a folder's index.
export { SealError, isSealError } from './errors';
export { configureSm2VerifyCache } from './crypto/sm2-key-tables';
export { verifySignedDocument } from './verify/verify-signed-document';
export type { PdfVerificationReport } from './verify/report';
export type { Verdict } from './verify/verdict';
export type { VerificationLedger, LedgerSealView, LedgerSignatureView } from './verify/ledger-port';
export { parseProofBundle, type ProofBundle } from './evidence/proof-bundle';
export { Certificate } from './x509/certificate';
export { Crl } from './x509/crl';
export { fromPemAll, toPem } from './x509/pem';
export { developmentCaStateFromJson } from './x509/development-ca-state';
export { DevelopmentCertificateAuthority } from './x509/development-ca';
export { developmentCaCrl } from './x509/development-ca-crl';
export { sealTrustFromX509 } from './seal/verify/x509-trust';
export { timeStampTrustFromX509 } from './timestamp/seal-trust';
export type { SealTrust } from './seal/verify/trust';
export { matchBundleToPdf } from './evidence/bundle-v2/match-pdf';
export { verifyProofBundleV2, type BundleVerification } from './evidence/bundle-v2/verify-bundle';
export { parseBundleTrust, type BundleTrust } from './evidence/bundle-v2/bundle-trust';
