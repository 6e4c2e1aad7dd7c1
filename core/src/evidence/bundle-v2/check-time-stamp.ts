import { sm3 } from '../../crypto/sm3';
import { SealError, isSealError } from '../../errors';
import { decodeSesSignature } from '../../seal/signature-decode';
import { imprintHash, parseTimeStampToken } from '../../seal/timestamp-token';
import { TIMESTAMP_SKEW_MS } from '../../seal/verify/timestamp-check';
import { verifyTimeStampTokenSignature } from '../../timestamp/verify-token';
import { type BundleCheckLine, lineFromError, pass } from './bundle-check';
import type { BundleTrust } from './bundle-trust';
import type { BundleSignature } from './bundle-types';

/**
 * A signature's RFC 3161 token, offline. The carried SES_Signature is the anchored one (its SM3 is the
 * entry's signatureSm3) and holds exactly this token; the token stamps its signature value, is not
 * earlier than the signing time claimed, and is signed by a time-stamping certificate that chains to a
 * CA of the trust file at the token's time. Without the SES_Signature nothing would tie the token to the
 * entry: a valid token of another signature could be swapped in.
 */
export function checkBundleTimeStamp(
  signature: BundleSignature & { timeStampToken: string },
  id: string,
  trust: Pick<BundleTrust, 'caCertificates'>,
): BundleCheckLine {
  try {
    const token = new Uint8Array(Buffer.from(signature.timeStampToken, 'base64'));
    const ses = new Uint8Array(Buffer.from(signature.sesSignature ?? '', 'base64'));
    if (Buffer.from(sm3(ses)).toString('hex') !== signature.entry.signatureSm3)
      throw mismatch(`${id}: the carried SES_Signature is not the anchored signature (its SM3 differs from the entry's)`);
    let stampedValue: Uint8Array;
    let carried: Uint8Array | undefined;
    try {
      const decoded = decodeSesSignature(ses);
      stampedValue = decoded.signatureValue;
      carried = decoded.timeStamp;
    } catch (cause) {
      throw new SealError('BUNDLE_TIMESTAMP_MISMATCH', `${id}: the carried SES_Signature cannot be read`, { cause });
    }
    if (carried === undefined || !Buffer.from(carried).equals(Buffer.from(token)))
      throw mismatch(`${id}: the token is not the one inside the anchored SES_Signature`);
    const info = readable(() => parseTimeStampToken(token), id);
    const expected = imprintHash(info.hashAlgorithm, stampedValue);
    if (expected === null || !Buffer.from(expected).equals(Buffer.from(info.hashedMessage)))
      throw mismatch(`${id}: the token does not stamp this signature's value`);
    if (info.genTime.getTime() + TIMESTAMP_SKEW_MS < Date.parse(signature.entry.signedAt))
      throw mismatch(`${id}: the token's time ${info.genTime.toISOString()} is before the signing time claimed`);
    if (trust.caCertificates.length === 0) throw untrusted(`${id}: the trust file names no CA for the time-stamp authority`);
    const verified = readable(
      () => verifyTimeStampTokenSignature(token, { trustAnchors: trust.caCertificates, intermediates: trust.caCertificates }),
      id,
    );
    return pass(
      id,
      `time-stamped at ${verified.genTime.toISOString()} over the anchored signature's value`,
      `time-stamp authority ${verified.tsa.subjectText}, certified by a CA of the trust file`,
    );
  } catch (error) {
    return lineFromError(id, error);
  }
}

/** The token's own failures keep their meaning: unreadable or badly signed, or a TSA not to trust. */
function readable<T>(read: () => T, id: string): T {
  try {
    return read();
  } catch (error) {
    if (!isSealError(error)) throw error;
    if (error.code === 'TIMESTAMP_CERT_INVALID') throw untrusted(`${id}: ${error.message}`);
    throw new SealError('BUNDLE_TIMESTAMP_INVALID', `${id}: ${error.message}`, { cause: error });
  }
}

const mismatch = (message: string) => new SealError('BUNDLE_TIMESTAMP_MISMATCH', message);
const untrusted = (message: string) => new SealError('BUNDLE_TIMESTAMP_UNTRUSTED', message);
