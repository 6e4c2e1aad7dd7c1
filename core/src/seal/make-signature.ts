import { SealError } from '../errors';
import { matchCertInList } from './cert-list-match';
import { invalidInput, requireAscii, requireBytes, requireDate } from './input-validation';
import type { ExtData } from './model';
import { SealOid } from './oids';
import { memoByContent } from './content-memo';
import { decodeSeal } from './seal-decode';
import { encodeSesSignature, encodeTbsSign } from './signature-encode';
import { type SealSigner, assertSignerHoldsCertificateKey, signAndSelfCheck } from './signer';

export interface MakeSesSignatureInput {
  /** DER SESeal (V4 or V5), embedded byte for byte. */
  eseal: Uint8Array;
  /** Signing time; written to whole seconds. */
  timeInfo: Date;
  /** SM3 of the protected bytes (32 bytes). */
  dataHash: Uint8Array;
  /** Names the protected range (PDF: the /ByteRange; OFD: the Signature.xml path). */
  propertyInfo: string;
  /** The signer's certificate, DER; must be one the seal lists. */
  signerCert: Uint8Array;
  signer: SealSigner;
  extDatas?: ExtData[];
  /**
   * Obtains an RFC 3161 token over the signature value (it can only be requested once the signature
   * exists); resolving to undefined leaves the optional field out.
   */
  timeStamp?: (signatureValue: Uint8Array) => Promise<Uint8Array | undefined>;
}

/**
 * Make a V4 SES_Signature. Refuses (instead of producing data that can never verify) when the seal
 * does not list the signer's certificate or the signing time lies outside the seal's validity.
 */
export async function makeSesSignature(input: MakeSesSignatureInput): Promise<Uint8Array> {
  requireDate(input.timeInfo, 'timeInfo');
  requireBytes(input.signerCert, 'signerCert');
  requireAscii(input.propertyInfo, 'propertyInfo');
  if (!(input.dataHash instanceof Uint8Array) || input.dataHash.length !== 32)
    throw invalidInput('dataHash must be an SM3 digest (32 bytes)');

  const seal = decodedSeal(input.eseal);
  if (seal.version === 1)
    throw new SealError('UNSUPPORTED_VERSION', 'signing with a V1 (GM/T 0031-2014) seal is not supported; re-issue it as V4');
  const { property } = seal.sealInfo;
  if (!matchCertInList(property.certList, input.signerCert).matched) {
    throw new SealError('CERT_NOT_IN_SEAL', 'the signer certificate is not listed in the seal', { details: { esID: seal.sealInfo.esID } });
  }
  const at = input.timeInfo.getTime();
  if (at < property.validStart.getTime() || at > property.validEnd.getTime()) {
    throw new SealError('SEAL_OUT_OF_VALIDITY', 'the signing time is outside the seal validity period', {
      details: { esID: seal.sealInfo.esID, validStart: property.validStart.toISOString(), validEnd: property.validEnd.toISOString() },
    });
  }

  assertSignerHoldsCertificateKey(input.signer, input.signerCert, 'signer');

  const tbsSign = encodeTbsSign({
    version: seal.version,
    eseal: seal.raw,
    timeInfo: input.timeInfo,
    dataHash: input.dataHash,
    propertyInfo: input.propertyInfo,
    extDatas: input.extDatas,
  });
  const signatureValue = await signAndSelfCheck(input.signer, tbsSign, 'seal signature');
  const timeStamp = input.timeStamp === undefined ? undefined : await input.timeStamp(signatureValue);
  return encodeSesSignature({ tbsSign, signerCert: input.signerCert, signatureAlgorithm: SealOid.SM2_WITH_SM3, signatureValue, timeStamp });
}

/** Every signing with a seal embeds the same SESeal: it is decoded once; the result is only read here. */
const decodedSeal = memoByContent(decodeSeal);

/** Alias under the name used in the design notes. */
export const signSeal = makeSesSignature;
