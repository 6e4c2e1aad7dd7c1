import { isSealError } from '../../errors';
import { equalBytes } from '../cert-list-match';
import { type TimeStampTokenInfo, imprintHash, parseTimeStampToken } from '../timestamp-token';
import type { CheckId, CheckResult } from './report';
import { failed, passed } from './report';
import type { SealTrust, TimeStampTrustResult } from './trust';

/** Clock skew tolerated between the signer's claimed time and the TSA's time. */
export const TIMESTAMP_SKEW_MS = 5 * 60_000;

export interface TimeStampCheck {
  result: CheckResult;
  /** The TSA's time when the token is readable and bound to the stamped value. */
  genTime?: Date;
}

/**
 * A time-stamp token must be bound to the value it stamps (message imprint = hash of the signature value)
 * and must not predate the time the signer claims. The TSA's own CMS signature and certificate are only
 * checked when the trust supplies verifyTimeStampToken; otherwise the report says so.
 */
export async function checkTimeStamp(
  id: CheckId,
  token: Uint8Array,
  stampedValue: Uint8Array,
  claimedTime: Date | undefined,
  trust: SealTrust,
): Promise<TimeStampCheck> {
  let info: TimeStampTokenInfo;
  try {
    info = parseTimeStampToken(token);
  } catch (error) {
    return { result: failed(id, 'TIMESTAMP_INVALID', isSealError(error) ? error.message : 'unreadable time-stamp token') };
  }
  const details: Record<string, unknown> = {
    genTime: info.genTime.toISOString(),
    hashAlgorithm: info.hashAlgorithm,
    serial: info.serialHex,
    policy: info.policy,
  };
  const expected = imprintHash(info.hashAlgorithm, stampedValue);
  if (expected === null)
    return { result: failed(id, 'TIMESTAMP_INVALID', `time-stamp imprint algorithm ${info.hashAlgorithm} is not accepted`, details) };
  if (!equalBytes(expected, info.hashedMessage))
    return { result: failed(id, 'TIMESTAMP_IMPRINT_MISMATCH', 'time-stamp token does not stamp this signature value', details) };
  if (claimedTime !== undefined && info.genTime.getTime() + TIMESTAMP_SKEW_MS < claimedTime.getTime()) {
    return {
      result: failed(id, 'TIMESTAMP_INVALID', 'time-stamp is earlier than the claimed signing time', {
        ...details,
        claimedTime: claimedTime.toISOString(),
      }),
    };
  }
  if (trust.verifyTimeStampToken === undefined) {
    return {
      result: passed(
        id,
        'time-stamp token is bound to the signature value (TSA signature and certificate not checked: no TSA trust configured)',
        { ...details, tsaSignatureChecked: false },
      ),
      genTime: info.genTime,
    };
  }
  let tsa: TimeStampTrustResult;
  try {
    tsa = await trust.verifyTimeStampToken(token);
  } catch (error) {
    tsa = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  if (!tsa.ok) return { result: failed(id, tsa.code ?? 'TIMESTAMP_INVALID', `time-stamp authority check failed: ${tsa.message}`, details) };
  return {
    result: passed(id, 'time-stamp token is bound to the signature value and signed by a trusted TSA', {
      ...details,
      ...tsa.details,
      tsaSignatureChecked: true,
    }),
    genTime: info.genTime,
  };
}
