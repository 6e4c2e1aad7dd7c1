import { isSealError } from '../errors';
import type { SealTrust, TimeStampTrustResult } from '../seal/verify/trust';
import { type TimeStampVerificationOptions, verifyTimeStampTokenSignature } from './verify-token';

/**
 * The seal verifier's TSA check (SealTrust.verifyTimeStampToken) from X.509 trust material: the
 * token's CMS signature and its TSA certificate chained to these anchors at the token's genTime.
 */
export function timeStampTrustFromX509(options: TimeStampVerificationOptions): NonNullable<SealTrust['verifyTimeStampToken']> {
  return (token: Uint8Array): TimeStampTrustResult => {
    try {
      const verified = verifyTimeStampTokenSignature(token, options);
      return {
        ok: true,
        message: `signed by ${verified.tsa.subjectText}`,
        details: { tsa: verified.tsa.subjectText, tsaRevocationUnknown: verified.revocationUnknown },
      };
    } catch (error) {
      if (!isSealError(error)) throw error;
      const code =
        error.code === 'TIMESTAMP_SIGNATURE_INVALID' || error.code === 'TIMESTAMP_CERT_INVALID' ? error.code : 'TIMESTAMP_INVALID';
      return { ok: false, code, message: error.message };
    }
  };
}
