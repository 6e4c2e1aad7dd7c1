import type { Certificate } from '../certificate';

/** Error details naming a certificate by position and identity, so a report can point at it. */
export function describeCertificate(cert: Certificate, depth: number): Record<string, unknown> {
  return { depth, subject: cert.subjectText, serialNumber: cert.serialHex };
}
