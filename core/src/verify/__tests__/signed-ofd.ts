/** TEST-ONLY: real OFD signing with real seals and SM2 signatures for the OFD pipeline tests. */
import { LocalSm2Signer } from '../../crypto/signer';
import { signOfd } from '../../ofd';
import { makeSesSignature } from '../../seal';
import type { TestSeal } from './signed-pdf';

export function sealOfd(ofd: Uint8Array, seal: TestSeal, at: Date, options: { page?: number; xMm?: number; yMm?: number } = {}) {
  return signOfd(
    ofd,
    {
      page: options.page ?? 1,
      position: { xMm: options.xMm ?? 20, yMm: options.yMm ?? 20 },
      size: { widthMm: 40, heightMm: 40 },
      eseal: seal.der,
      signingTime: at,
    },
    (input) =>
      makeSesSignature({
        eseal: seal.der,
        timeInfo: at,
        dataHash: input.sm3,
        propertyInfo: input.propertyInfo,
        signerCert: seal.holder.cert,
        signer: new LocalSm2Signer(seal.holder.key),
      }),
  );
}
