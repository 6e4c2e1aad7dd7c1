/** 存证证书: evidence certificates of a signed document or of a seal's life, issued by the worker and sealed with the service seal. */
export { CERTIFICATE_NUMBER_PATTERN, newCertificateNumber } from './certificate-number';
export { certificateVerifyUrl, type CertificateDeps, type CertificateQueuePort } from './certificate-deps';
export { certificateDocument, beijingTime } from './certificate-content';
export type { CertificateFacts, DocumentCertificateFacts, SealCertificateFacts } from './certificate-facts';
export { certificateUnitOf, createCertificateRequest, requestCertificate, type CertificateRequested } from './request-certificate';
export { produceCertificate, type CertificateOutcome } from './produce-certificate';
export {
  certificateArchiveOf,
  certificatePdfOf,
  certificateStatusOf,
  downloadCertificate,
  downloadCertificateArchive,
  getCertificateStatus,
  loadCertificate,
  type CertificateStatus,
} from './read-certificate';
export { sealWithServiceSeal, serviceSealRegistrar, type ServiceSeal } from './service-seal';
