import { randomBytes } from 'node:crypto';

/**
 * 证书编号: "ZC", the issue date (UTC, YYYYMMDD) and 80 random bits in upper-case hex. The random part
 * makes numbers unguessable: the public lookup answers by number alone.
 */
export const CERTIFICATE_NUMBER_PATTERN = /^ZC\d{8}[0-9A-F]{20}$/;

export function newCertificateNumber(now: Date): string {
  return `ZC${now.toISOString().slice(0, 10).replace(/-/g, '')}${randomBytes(10).toString('hex').toUpperCase()}`;
}
