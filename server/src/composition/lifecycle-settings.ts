import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { SealError } from '@eseal/core';

/** Settings of the seal lifecycle, read once from the environment by the composition root. */
export interface LifecycleEnvSettings {
  /** PUBLIC_SECURITY_ENGRAVING_URL: engraving system base URL; unset = imprints rendered locally (development). */
  readonly engravingUrl?: string;
  /** PUBLIC_SECURITY_FILING_URL: filing system base URL; unset = filings wait (UPSTREAM_UNAVAILABLE) until configured. */
  readonly filingUrl?: string;
  /** PUBLIC_SECURITY_TIMEOUT_MS: per-call timeout for both systems (default 10000). */
  readonly upstreamTimeoutMs: number;
  /** SEAL_MAKER_ID: the maker's registration id sent with filings (default DEV-MAKER). */
  readonly makerId: string;
  /** SEAL_VALIDITY_DAYS: default seal = certificate validity (default 730). */
  readonly sealValidityDays: number;
  /** Development CA state and maker identity files (under DATA_DIR/ca). */
  readonly caDir: string;
  /**
   * PUBLIC_BASE_URL: the service's public address (https://host[:port]); when set, certificates of a newly
   * created development CA name `<it>/api/v1/public/ca/crl` as their CRL distribution point.
   */
  readonly publicBaseUrl?: string;
  /**
   * VERIFY_THREADS: threads that verify PDFs off the event loop; 0 verifies on it. Default: one per
   * core beyond the first (the event loop keeps one), at most 8.
   */
  readonly verificationThreads: number;
}

function positiveInt(env: Record<string, string | undefined>, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new SealError('CONFIG_INVALID', `${name}: expected an integer between 1 and ${max}`, { details: { variable: name } });
  }
  return value;
}

function threadCount(env: Record<string, string | undefined>, name: string): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return Math.min(8, availableParallelism() - 1);
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 64) {
    throw new SealError('CONFIG_INVALID', `${name}: expected an integer between 0 and 64`, { details: { variable: name } });
  }
  return value;
}

function optionalUrl(env: Record<string, string | undefined>, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!/^https?:\/\//.test(raw)) throw new SealError('CONFIG_INVALID', `${name}: expected an http(s) URL`, { details: { variable: name } });
  return raw.replace(/\/+$/, '');
}

export function readLifecycleSettings(env: Record<string, string | undefined>, defaults: { dataDir: string }): LifecycleEnvSettings {
  const makerId = env.SEAL_MAKER_ID?.trim() || 'DEV-MAKER';
  if (makerId.length > 64)
    throw new SealError('CONFIG_INVALID', 'SEAL_MAKER_ID: at most 64 characters', { details: { variable: 'SEAL_MAKER_ID' } });
  return {
    engravingUrl: optionalUrl(env, 'PUBLIC_SECURITY_ENGRAVING_URL'),
    filingUrl: optionalUrl(env, 'PUBLIC_SECURITY_FILING_URL'),
    upstreamTimeoutMs: positiveInt(env, 'PUBLIC_SECURITY_TIMEOUT_MS', 10_000, 120_000),
    makerId,
    sealValidityDays: positiveInt(env, 'SEAL_VALIDITY_DAYS', 730, 3650),
    caDir: join(defaults.dataDir, 'ca'),
    publicBaseUrl: optionalUrl(env, 'PUBLIC_BASE_URL'),
    verificationThreads: threadCount(env, 'VERIFY_THREADS'),
  };
}
