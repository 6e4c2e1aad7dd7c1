import { der } from '../asn1';
import { encodeExtensionDatas } from './ext-data';
import type { ExtData } from './model';

export interface TbsSignParts {
  /** 4 for GB/T 38540-2020; must equal the seal's header version. */
  version: number;
  /** DER SESeal, embedded as is. */
  eseal: Uint8Array;
  timeInfo: Date;
  dataHash: Uint8Array;
  propertyInfo: string;
  extDatas?: ExtData[];
}

export interface SesSignatureParts {
  /** DER TBS_Sign: the exact bytes that were signed. */
  tbsSign: Uint8Array;
  signerCert: Uint8Array;
  signatureAlgorithm: string;
  signatureValue: Uint8Array;
  timeStamp?: Uint8Array;
}

/** DER TBS_Sign (V4). extDatas is written [0] EXPLICIT, as ofdrw and BouncyCastle-based tools do. */
export function encodeTbsSign(p: TbsSignParts): Uint8Array {
  const parts = [der.int(p.version), p.eseal, der.generalizedTime(p.timeInfo), der.bitString(p.dataHash), der.ia5(p.propertyInfo)];
  if (p.extDatas !== undefined) parts.push(der.explicit(0, encodeExtensionDatas(p.extDatas)));
  return der.seq(...parts);
}

/** DER SES_Signature (V4). timeStamp is written [0] EXPLICIT BIT STRING. */
export function encodeSesSignature(p: SesSignatureParts): Uint8Array {
  const parts = [p.tbsSign, der.octets(p.signerCert), der.oid(p.signatureAlgorithm), der.bitString(p.signatureValue)];
  if (p.timeStamp !== undefined) parts.push(der.explicit(0, der.bitString(p.timeStamp)));
  return der.seq(...parts);
}
