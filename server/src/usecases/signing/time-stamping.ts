import { SealError, isSealError } from '@eseal/core';

/** A time-stamp authority: an RFC 3161 token over `value` (the SM2 signature value), checked before it is returned. */
export interface TimeStampAuthority {
  stamp(value: Uint8Array): Promise<Uint8Array>;
}

export interface TimeStamping {
  readonly authority: TimeStampAuthority;
  /**
   * TSA_REQUIRED: true, a signing fails (TSA_UNAVAILABLE, TSA_RESPONSE_INVALID) when no usable token
   * comes back; false, it goes on without one and its verification uses the signer's time.
   */
  readonly required: boolean;
  /** Told when a signing went on without a token (TSA_REQUIRED=false). */
  readonly onSkipped?: (error: SealError) => void;
}

/** The SES_Signature's time-stamp step under the configured policy; undefined when no TSA is configured. */
export function timeStampStep(
  timeStamping: TimeStamping | undefined,
): ((value: Uint8Array) => Promise<Uint8Array | undefined>) | undefined {
  if (timeStamping === undefined) return undefined;
  return async (value) => {
    try {
      return await timeStamping.authority.stamp(value);
    } catch (error) {
      const coded = isSealError(error)
        ? error
        : new SealError('TSA_UNAVAILABLE', 'the time-stamp authority could not be used', { cause: error });
      if (timeStamping.required) throw coded;
      timeStamping.onSkipped?.(coded);
      return undefined;
    }
  };
}

/**
 * The step of one signing, and whether it obtained a token: a time-stamped signing keeps its SES_Signature
 * on the record, so a proof bundle can carry the token with the signature it belongs to.
 */
export function trackedTimeStampStep(
  timeStamping: TimeStamping | undefined,
): { step: (value: Uint8Array) => Promise<Uint8Array | undefined>; obtained: () => boolean } | undefined {
  const step = timeStampStep(timeStamping);
  if (step === undefined) return undefined;
  let obtained = false;
  return {
    step: async (value) => {
      const token = await step(value);
      obtained = token !== undefined;
      return token;
    },
    obtained: () => obtained,
  };
}
