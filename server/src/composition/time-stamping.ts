import type { CertificateAuthority } from '@eseal/core';
import { HttpTimeStampAuthority } from '../adapters/tsa';
import type { Logger } from '../observability/logger';
import type { TimeStamping } from '../usecases/signing/time-stamping';
import type { TimeStampSettings } from './time-stamp-settings';

/**
 * The signing's time-stamp authority from TSA_URL. A token is taken only when its TSA certificate
 * chains to our CA's roots: the same anchors the verifier uses, so what is embedded also verifies.
 */
export function timeStampingFrom(settings: TimeStampSettings, ca: CertificateAuthority, logger: Logger): TimeStamping | undefined {
  if (settings.url === undefined) return undefined;
  const chain = ca.chain();
  return {
    authority: new HttpTimeStampAuthority({
      url: settings.url,
      timeoutMs: settings.timeoutMs,
      trust: { trustAnchors: chain.slice(-1), intermediates: chain.slice(0, -1) },
    }),
    required: settings.required,
    onSkipped: (error) =>
      logger.warn({ code: error.code, err: error }, 'signed without a time-stamp: the TSA could not be used (TSA_REQUIRED=false)'),
  };
}
