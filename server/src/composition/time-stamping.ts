import type { Certificate, CertificateAuthority } from '@eseal/core';
import { HttpTimeStampAuthority } from '../adapters/tsa';
import type { Logger } from '../observability/logger';
import type { TimeStamping } from '../usecases/signing/time-stamping';
import type { TimeStampSettings } from './time-stamp-settings';

/**
 * Who may sign time-stamp tokens: the CA(s) of TSA_CA_FILE (root last), else the service's own CA.
 * The client and the verifier use the same anchors, so what a signing embeds also verifies.
 */
export function timeStampAnchors(
  settings: TimeStampSettings,
  ca: CertificateAuthority,
): { trustAnchors: Certificate[]; intermediates: Certificate[] } {
  const chain = settings.caCertificates.length > 0 ? [...settings.caCertificates] : ca.chain();
  return { trustAnchors: chain.slice(-1), intermediates: chain.slice(0, -1) };
}

/** The signing's time-stamp authority from TSA_URL; a token is taken only when its TSA certificate chains to timeStampAnchors. */
export function timeStampingFrom(settings: TimeStampSettings, ca: CertificateAuthority, logger: Logger): TimeStamping | undefined {
  if (settings.url === undefined) return undefined;
  return {
    authority: new HttpTimeStampAuthority({ url: settings.url, timeoutMs: settings.timeoutMs, trust: timeStampAnchors(settings, ca) }),
    required: settings.required,
    onSkipped: (error) =>
      logger.warn({ code: error.code, err: error }, 'signed without a time-stamp: the TSA could not be used (TSA_REQUIRED=false)'),
  };
}
