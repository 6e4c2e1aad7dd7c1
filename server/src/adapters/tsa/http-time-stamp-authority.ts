import { randomBytes } from 'node:crypto';
import {
  SealError,
  TspOid,
  decodeTimeStampResponse,
  encodeTimeStampRequest,
  isSealError,
  sm3,
  verifyTimeStampTokenSignature,
  type TimeStampVerificationOptions,
} from '@eseal/core';
import type { TimeStampAuthority } from '../../usecases/signing/time-stamping';

export interface HttpTimeStampAuthorityOptions {
  /** The TSA's RFC 3161 HTTP endpoint (POST application/timestamp-query). */
  url: string;
  timeoutMs: number;
  /** Who may sign tokens: a token that does not verify against these is refused, never embedded. */
  trust: TimeStampVerificationOptions;
  /** Largest distance between the TSA's genTime and our clock; beyond it the TSA's clock is not believed. */
  maxClockSkewMs?: number;
  clock?: () => Date;
}

const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * RFC 3161 over HTTP (3.4) with the GM/T 0033 profile: an SM3 imprint, a fresh 64-bit nonce, certReq.
 * The answer must be granted, carry a token whose TSA signature and certificate verify, and stamp
 * exactly what was asked with our nonce. Unreachable, slow or failing TSA: TSA_UNAVAILABLE. An answer
 * that is not usable (unreadable, rejected, bad signature, wrong imprint or nonce): TSA_RESPONSE_INVALID.
 */
export class HttpTimeStampAuthority implements TimeStampAuthority {
  constructor(private readonly options: HttpTimeStampAuthorityOptions) {}

  async stamp(value: Uint8Array): Promise<Uint8Array> {
    const hashedMessage = sm3(value);
    const nonce = BigInt(`0x${randomBytes(8).toString('hex')}`) | 1n;
    const body = await this.post(encodeTimeStampRequest({ hashAlgorithm: TspOid.SM3, hashedMessage, nonce, certReq: true }));
    const response = decodeTimeStampResponse(body);
    if (response.status > 1 || response.token === undefined) {
      const temporary = response.failure === 'systemFailure' || response.failure === 'timeNotAvailable' || response.status === 3;
      throw new SealError(
        temporary ? 'TSA_UNAVAILABLE' : 'TSA_RESPONSE_INVALID',
        `the time-stamp authority refused: ${response.statusText ?? 'no reason given'}`,
        {
          details: { status: response.status, failure: response.failure },
        },
      );
    }
    this.check(response.token, hashedMessage, nonce);
    return response.token;
  }

  private check(token: Uint8Array, hashedMessage: Uint8Array, nonce: bigint): void {
    let info;
    try {
      info = verifyTimeStampTokenSignature(token, this.options.trust).info;
    } catch (error) {
      throw unusable(`the token does not verify (${isSealError(error) ? error.code : 'unreadable'})`, error);
    }
    if (info.hashAlgorithm !== TspOid.SM3 || !Buffer.from(info.hashedMessage).equals(Buffer.from(hashedMessage)))
      throw unusable('the token stamps something else than the signature value (TIMESTAMP_IMPRINT_MISMATCH)');
    if (info.nonce !== nonce) throw unusable('the token does not carry our nonce: it was not made for this request');
    const skew = Math.abs(info.genTime.getTime() - (this.options.clock ?? (() => new Date()))().getTime());
    if (skew > (this.options.maxClockSkewMs ?? 5 * 60_000)) throw unusable(`the TSA's time is ${Math.round(skew / 1000)} s away from ours`);
  }

  private async post(request: Uint8Array): Promise<Uint8Array> {
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
        body: Buffer.from(request),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (cause) {
      throw new SealError('TSA_UNAVAILABLE', 'the time-stamp authority cannot be reached', { cause, details: { url: this.options.url } });
    }
    const bytes = new Uint8Array(await readLimited(response));
    if (response.status >= 500)
      throw new SealError('TSA_UNAVAILABLE', `the time-stamp authority answered HTTP ${response.status}`, {
        details: { status: response.status },
      });
    if (!response.ok) throw unusable(`the time-stamp authority answered HTTP ${response.status}`);
    return bytes;
  }
}

async function readLimited(response: Response): Promise<ArrayBuffer> {
  const length = Number(response.headers.get('content-length') ?? '0');
  if (length > MAX_RESPONSE_BYTES) throw unusable('the time-stamp answer is too large');
  try {
    const bytes = await response.arrayBuffer();
    if (bytes.byteLength > MAX_RESPONSE_BYTES) throw unusable('the time-stamp answer is too large');
    return bytes;
  } catch (cause) {
    if (isSealError(cause)) throw cause;
    throw new SealError('TSA_UNAVAILABLE', 'the time-stamp answer was cut off', { cause });
  }
}

function unusable(message: string, cause?: unknown): SealError {
  return new SealError('TSA_RESPONSE_INVALID', message, cause === undefined ? {} : { cause });
}
