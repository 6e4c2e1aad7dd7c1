/**
 * What the certificate job needs from outside: the server's producer (facts, typesetting, sealing,
 * storage), restated here because the worker never imports the server;
 * server/src/composition/certificate-wiring.ts type-checks that the two fit.
 */
export type ProducedCertificate =
  | { outcome: 'ISSUED' | 'ALREADY_ISSUED'; certificateNumber: string; unitId: string; certificateSm3: string }
  | { outcome: 'MISSING'; certificateNumber: string };

export interface CertificateProducerPort {
  /** Idempotent: issues the certificate, or finds it issued. Throws to be retried. */
  produce(certificateNumber: string): Promise<ProducedCertificate>;
  /** For operators; `final` marks the certificate FAILED (no attempts left). */
  recordFailure(certificateNumber: string, reason: string, final: boolean): Promise<void>;
}

/** A certificate that became downloadable; webhooks ("certificate ready") are wired to this. */
export interface CertificateReady {
  readonly certificateNumber: string;
  readonly unitId: string;
  readonly certificateSm3: string;
}

export interface CertificatePorts {
  readonly producer: CertificateProducerPort;
  /**
   * Called once per job that issued the certificate (not for a repeat that found it issued). A hook
   * that throws fails the job, which then runs again, finds the certificate and calls it again: at
   * least once, so the receiver deduplicates by certificate number.
   */
  onCertificateReady?(ready: CertificateReady): Promise<void> | void;
}
