export {
  CERTIFICATE_QUEUE,
  CERTIFICATE_JOB_NAME,
  certificateJobOptions,
  parseCertificateJob,
  type CertificateJobV1,
} from './certificate-job';
export { certificateProcessor, processCertificate } from './certificate-processor';
export type { CertificatePorts, CertificateProducerPort, CertificateReady, ProducedCertificate } from './ports';
