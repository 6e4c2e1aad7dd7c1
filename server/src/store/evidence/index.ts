export * from './evidence-certificate.model';
export { EvidenceCertificateStore } from './evidence-certificate-store';
