import { LocalSm2Signer, SealError, makeSesSignature, signOfd, type Sm2PrivateKey } from '@eseal/core';
import type { SealDocumentOptions } from './seal-document';
import type { SealedDocument } from './sealed-document';
import type { SigningSeal } from './signing-seal';

const AUTO_MARGIN_MM = 10;

/**
 * Seals an OFD (GB/T 33190): a new Sign_N folder whose SignedValue.dat is the GB/T 38540
 * SES_Signature over SM3(Signature.xml), the seal's SESeal as Seal.esl, and a stamp annotation
 * at the requested page and position, sized as the imprint.
 */
export async function sealOfdDocument(
  ofd: Uint8Array,
  seal: SigningSeal,
  key: Sm2PrivateKey,
  at: Date,
  options: SealDocumentOptions,
): Promise<SealedDocument> {
  if (options.crossPage) throw new SealError('VALIDATION_FAILED', 'a cross-page seal (骑缝章) is available for PDF only');
  const signer = new LocalSm2Signer(key);
  const { placement } = options;
  // OFD has no text layer reader yet: "auto" is the usual corner, 10 mm from the bottom right.
  const position = placement.auto
    ? { xMm: AUTO_MARGIN_MM, yMm: AUTO_MARGIN_MM, corner: 'bottom-right' as const }
    : placement.xMm !== undefined && placement.yMm !== undefined
      ? { xMm: placement.xMm, yMm: placement.yMm, corner: placement.corner }
      : undefined;
  if (position === undefined) throw new SealError('VALIDATION_FAILED', 'placement needs xMm and yMm, or auto: true');
  const signed = await signOfd(
    ofd,
    {
      page: placement.page,
      position,
      size: { widthMm: seal.imprint.widthMm, heightMm: seal.imprint.heightMm },
      eseal: seal.seseal,
      signingTime: at,
    },
    (input) =>
      makeSesSignature({
        eseal: seal.seseal,
        timeInfo: at,
        dataHash: input.sm3,
        propertyInfo: input.propertyInfo,
        signerCert: seal.certificateDer,
        signer,
        ...(options.timeStamp ? { timeStamp: options.timeStamp } : {}),
      }),
  );
  return {
    document: signed.ofd,
    container: signed.container,
    documentSm3After: Buffer.from(signed.sm3).toString('hex'),
    fieldName: signed.signaturePath,
    pages: [signed.page],
    byteRange: [],
  };
}
