export type { CheckId, CheckResult, CheckStatus } from './report';
export type {
  CertificateView,
  CertificateRole,
  CertificateErrorCode,
  CertificateTrustResult,
  TimeStampTrustResult,
  SealTrust,
} from './trust';
export type { LedgerSealStatus } from './ledger-status';
export type { ProtectedContent } from './signature-steps';
export { TIMESTAMP_SKEW_MS } from './timestamp-check';
export { verifySeal } from './verify-seal';
export type { VerifySealOptions, SealVerificationReport } from './verify-seal';
export { verifySesSignature } from './verify-signature';
export type { VerifySesSignatureOptions, SesSignatureVerificationReport, SigningTimeSource } from './verify-signature';
export { sealTrustFromX509, x509CertificateView } from './x509-trust';
export type { X509SealTrustOptions } from './x509-trust';
