import { SealError } from '../errors';
import type { DevelopmentCaState } from './development-ca';
import type { RevocationRecord } from './signing-ca';
import { isRevocationReason } from './revocation-reason';

/**
 * JSON form of the development CA state, for a config store, a database row or a file. Bytes become
 * base64 and bigints decimal strings. The private keys are in it: store it like a key file.
 */
export function developmentCaStateToJson(state: DevelopmentCaState): string {
  return JSON.stringify(
    {
      format: 'eseal-development-ca/1',
      rootKeyPem: state.rootKeyPem,
      rootCertificate: Buffer.from(state.rootCertificateDer).toString('base64'),
      issuingKeyPem: state.issuingKeyPem,
      issuingCertificate: Buffer.from(state.issuingCertificateDer).toString('base64'),
      revocations: state.revocations.map((r) => ({
        serialNumber: r.serialNumber.toString(),
        reason: r.reason,
        revokedAt: r.revokedAt.toISOString(),
      })),
      lastCrlNumber: state.lastCrlNumber.toString(),
      crlValidityMs: state.crlValidityMs,
      crlDistributionPoints: state.crlDistributionPoints,
      ...(state.lastCrlDer ? { lastCrl: Buffer.from(state.lastCrlDer).toString('base64') } : {}),
    },
    null,
    2,
  );
}

export function developmentCaStateFromJson(text: string): DevelopmentCaState {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch (cause) {
    throw new SealError('CONFIG_INVALID', 'development CA state is not JSON', { cause });
  }
  const fail = (what: string) => new SealError('CONFIG_INVALID', `development CA state: ${what}`);
  if (!raw || typeof raw !== 'object' || raw.format !== 'eseal-development-ca/1') throw fail('unknown format');
  const str = (key: string) => {
    if (typeof raw[key] !== 'string') throw fail(`${key} missing`);
    return raw[key] as string;
  };
  const decimal = (value: unknown, what: string) => {
    if (typeof value !== 'string' || !/^\d{1,60}$/.test(value)) throw fail(`${what} is not a decimal string`);
    return BigInt(value);
  };
  const base64 = (key: string) => {
    const value = str(key);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) throw fail(`${key} is not base64`);
    return new Uint8Array(Buffer.from(value, 'base64'));
  };
  if (!Array.isArray(raw.revocations)) throw fail('revocations missing');
  const revocations: RevocationRecord[] = raw.revocations.map((r: unknown, i: number) => {
    const entry = (r ?? {}) as Record<string, unknown>;
    const revokedAt = new Date(typeof entry.revokedAt === 'string' ? entry.revokedAt : NaN);
    if (Number.isNaN(revokedAt.getTime())) throw fail(`revocations[${i}].revokedAt is not a date`);
    if (!isRevocationReason(entry.reason)) throw fail(`revocations[${i}].reason is not a CRL reason`);
    return { serialNumber: decimal(entry.serialNumber, `revocations[${i}].serialNumber`), reason: entry.reason, revokedAt };
  });
  const points = raw.crlDistributionPoints ?? [];
  if (!Array.isArray(points) || !points.every((p) => typeof p === 'string')) throw fail('crlDistributionPoints must be strings');
  if (typeof raw.crlValidityMs !== 'number') throw fail('crlValidityMs missing');
  return {
    rootKeyPem: str('rootKeyPem'),
    rootCertificateDer: base64('rootCertificate'),
    issuingKeyPem: str('issuingKeyPem'),
    issuingCertificateDer: base64('issuingCertificate'),
    revocations,
    lastCrlNumber: decimal(raw.lastCrlNumber, 'lastCrlNumber'),
    crlValidityMs: raw.crlValidityMs,
    crlDistributionPoints: points as string[],
    ...(raw.lastCrl === undefined ? {} : { lastCrlDer: base64('lastCrl') }),
  };
}
