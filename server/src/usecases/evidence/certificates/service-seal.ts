import { LocalSm2Signer, makeSesSignature, pdfPropertyInfo, signPdf, type SealSpot, type Sm2PrivateKey } from '@eseal/core';
import type { IssueSealInput, LedgerClient } from '../../../ledger';

/**
 * The service's own official seal (the platform's 公章): a seal like any unit's, made by the maker
 * (GB/T 38540 SESeal with its certificate from the CA) and registered on the ledger, so a certificate
 * it seals verifies with `seal verify` and any GB/T 38540 verifier. Its key never leaves the server.
 */
export interface ServiceSeal {
  /** The SESeal's esID, the ledger's key for the seal. */
  readonly sealId: string;
  /** The 13-digit seal code printed on the imprint. */
  readonly sealCode: string;
  readonly unitName: string;
  readonly name: string;
  readonly seseal: Uint8Array;
  readonly certificateDer: Uint8Array;
  readonly imprint: { readonly png: Uint8Array; readonly widthMm: number; readonly heightMm: number };
  readonly key: Sm2PrivateKey;
  /** What the ledger records for it (the issuance is idempotent on the ledger). */
  readonly registration: IssueSealInput;
}

/** Registers the service seal on the ledger once per process; a retried or repeated issuance is a no-op there. */
export function serviceSealRegistrar(ledger: Pick<LedgerClient, 'issueSeal'>, seal: ServiceSeal): () => Promise<void> {
  let registered: Promise<void> | undefined;
  return () => {
    registered ??= ledger.issueSeal(seal.registration).then(
      () => undefined,
      (error: unknown) => {
        registered = undefined;
        throw error;
      },
    );
    return registered;
  };
}

/** Seals a PDF with the service seal: one incremental update whose /Contents is the SES_Signature. */
export async function sealWithServiceSeal(pdf: Uint8Array, seal: ServiceSeal, spot: SealSpot, at: Date): Promise<Uint8Array> {
  const signer = new LocalSm2Signer(seal.key);
  const signed = await signPdf(
    pdf,
    {
      page: spot.page,
      position: { xMm: spot.xMm, yMm: spot.yMm },
      imprint: seal.imprint,
      signingTime: at,
      signerName: seal.name,
      reason: '出具存证证书',
      contentsSize: seal.seseal.length + seal.certificateDer.length + 1024,
    },
    (input) =>
      makeSesSignature({
        eseal: seal.seseal,
        timeInfo: at,
        dataHash: input.sm3,
        propertyInfo: pdfPropertyInfo(input.byteRange),
        signerCert: seal.certificateDer,
        signer,
      }),
  );
  return signed.pdf;
}
