/** The certificate queue's contract, shared by the producer (server) and this processor. */
export const CERTIFICATE_QUEUE = 'certificate';
export const CERTIFICATE_JOB_NAME = 'issue';

/** Version 1 carries only the certificate number: what to certify is read from the store. */
export interface CertificateJobV1 {
  readonly version: 1;
  readonly certificateNumber: string;
}

const CERTIFICATE_NUMBER = /^ZC\d{8}[0-9A-F]{20}$/;

export function parseCertificateJob(data: unknown): CertificateJobV1 {
  if (typeof data !== 'object' || data === null) throw new Error('certificate job data must be an object');
  const { version, certificateNumber } = data as Record<string, unknown>;
  if (version !== 1) throw new Error(`unsupported certificate job version ${String(version)}`);
  if (typeof certificateNumber !== 'string' || !CERTIFICATE_NUMBER.test(certificateNumber)) {
    throw new Error('certificateNumber must be ZC, 8 digits and 20 upper-case hex digits');
  }
  return { version, certificateNumber };
}

/**
 * Job options: the job id is the certificate number (one job per certificate while BullMQ holds it);
 * retries back off from 1 s, doubling, over about four minutes: long enough for the anchoring of a
 * fresh signature, the usual reason a first run cannot finish yet.
 */
export function certificateJobOptions(certificateNumber: string) {
  return {
    jobId: certificateNumber,
    attempts: 8,
    backoff: { type: 'exponential' as const, delay: 1000 },
    removeOnComplete: 1000,
    removeOnFail: false,
  };
}
