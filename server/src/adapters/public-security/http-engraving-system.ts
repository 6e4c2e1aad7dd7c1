import { SealError, sm3 } from '@eseal/core';
import type { EngravedImprint, EngravingSystem } from './engraving-system';
import { callUpstream, malformedResponse, type UpstreamHttpOptions } from './upstream-http';

const SYSTEM = 'engraving system';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Seal codes are short tokens of letters and digits; anything else never reaches the URL. */
const SEAL_CODE = /^[0-9A-Za-z-]{1,32}$/;

/**
 * HTTP client: GET {base}/engraving/v1/seals/{sealCode}/imprint →
 * 200 { sealCode, imprint: { pngBase64, widthMm, heightMm, sm3 } }.
 * The PNG is checked against the SM3 the service states, because the digest goes on the ledger and
 * a corrupted imprint must not be sealed into a seal's data.
 */
export class HttpEngravingSystem implements EngravingSystem {
  constructor(private readonly options: UpstreamHttpOptions) {}

  async fetchImprint(sealCode: string): Promise<EngravedImprint> {
    if (!SEAL_CODE.test(sealCode)) {
      throw new SealError('VALIDATION_FAILED', 'seal code must be 1-32 letters, digits or hyphens', { details: { field: 'sealCode' } });
    }
    const call = { system: SYSTEM, operation: 'fetchImprint', method: 'GET', path: `engraving/v1/seals/${sealCode}/imprint` } as const;
    const { json } = await callUpstream(this.options, call);
    const imprint = (json as { sealCode?: unknown; imprint?: Record<string, unknown> }).imprint;
    if ((json as { sealCode?: unknown }).sealCode !== sealCode) throw malformedResponse(call, 'answer is for another seal code');
    if (imprint === undefined || typeof imprint.pngBase64 !== 'string') throw malformedResponse(call, 'no imprint');
    const { widthMm, heightMm, sm3: statedSm3 } = imprint;
    if (typeof widthMm !== 'number' || typeof heightMm !== 'number' || !(widthMm > 0 && heightMm > 0)) {
      throw malformedResponse(call, 'imprint size missing');
    }
    const png = new Uint8Array(Buffer.from(imprint.pngBase64, 'base64'));
    if (!Buffer.from(png.subarray(0, 8)).equals(PNG_SIGNATURE)) throw malformedResponse(call, 'imprint is not a PNG');
    const actualSm3 = Buffer.from(sm3(png)).toString('hex');
    if (statedSm3 !== actualSm3) throw malformedResponse(call, 'imprint SM3 does not match its bytes');
    return { png, widthMm, heightMm, sm3: actualSm3 };
  }
}
