import { SealError } from '@eseal/core';

/** Time-stamping settings, read once from the environment by the composition root. */
export interface TimeStampSettings {
  /** TSA_URL: the RFC 3161 HTTP endpoint; unset = no tokens (`npm start` points it at the local TSA). */
  readonly url?: string;
  /** TSA_REQUIRED (default true): a signing fails with TSA_UNAVAILABLE when no token comes back; false = sign without one. */
  readonly required: boolean;
  /** TSA_TIMEOUT_MS (default 5000): one request's whole round trip. */
  readonly timeoutMs: number;
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
  return { ...(url ? { url } : {}), required: required !== 'false', timeoutMs };
}
