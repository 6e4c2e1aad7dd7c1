import { readFileSync } from 'node:fs';
import { Certificate, SealError, fromPemAll } from '@eseal/core';

/** Time-stamping settings, read once from the environment by the composition root. */
export interface TimeStampSettings {
  /** TSA_URL: the RFC 3161 HTTP endpoint; unset = no tokens (`npm start` points it at the local TSA). */
  readonly url?: string;
  /** TSA_REQUIRED (default true): a signing fails with TSA_UNAVAILABLE when no token comes back; false = sign without one. */
  readonly required: boolean;
  /** TSA_TIMEOUT_MS (default 5000): one request's whole round trip. */
  readonly timeoutMs: number;
  /**
   * TSA_CA_FILE: PEM certificates of the CA(s) a configured TSA's certificate chains to, trusted for
   * time-stamps only (the root last). Unset: the service's own CA, as for the local TSA.
   */
  readonly caCertificates: readonly Certificate[];
}

function fail(variable: string, message: string): SealError {
  return new SealError('CONFIG_INVALID', `${variable}: ${message}`, { details: { variable } });
}

export function readTimeStampSettings(env: Record<string, string | undefined>): TimeStampSettings {
  const url = env.TSA_URL?.trim();
  if (url && !/^https?:\/\/[^\s]+$/.test(url)) throw fail('TSA_URL', 'expected an http(s) URL');
  const required = env.TSA_REQUIRED?.trim().toLowerCase() ?? '';
  if (!['', 'true', 'false'].includes(required)) throw fail('TSA_REQUIRED', 'expected true or false');
  const timeoutRaw = env.TSA_TIMEOUT_MS?.trim() ?? '';
  const timeoutMs = timeoutRaw === '' ? 5000 : Number(timeoutRaw);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 120_000)
    throw fail('TSA_TIMEOUT_MS', 'expected an integer between 1 and 120000');
  return { ...(url ? { url } : {}), required: required !== 'false', timeoutMs, caCertificates: readCaFile(env.TSA_CA_FILE?.trim()) };
}

function readCaFile(path: string | undefined): Certificate[] {
  if (!path) return [];
  let certificates: Certificate[];
  try {
    certificates = fromPemAll(readFileSync(path, 'latin1'))
      .filter((b) => b.label === 'CERTIFICATE')
      .map((b) => Certificate.fromDer(b.der));
  } catch (cause) {
    throw new SealError('CONFIG_INVALID', 'TSA_CA_FILE: cannot read PEM certificates from it', {
      details: { variable: 'TSA_CA_FILE' },
      cause,
    });
  }
  if (certificates.length === 0) throw fail('TSA_CA_FILE', 'holds no PEM certificate');
  return certificates;
}
