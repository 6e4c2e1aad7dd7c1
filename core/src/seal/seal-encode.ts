import { der } from '../asn1';
import { encodeSealInfo } from './seal-info-encode';
import type { SealInfo } from './model';

export interface SealParts {
  sealInfo: SealInfo;
  makerCert: Uint8Array;
  signatureAlgorithm: string;
  signatureValue: Uint8Array;
}

/** DER SESeal (V4): { eSealInfo, cert, signAlgID, signedValue }. */
export function encodeSeal(parts: SealParts): Uint8Array {
  return assembleSeal(encodeSealInfo(parts.sealInfo), parts);
}

/** Assemble around already-encoded SealInfo bytes, so the bytes that were signed are the bytes that ship. */
export function assembleSeal(sealInfoDer: Uint8Array, parts: Omit<SealParts, 'sealInfo'>): Uint8Array {
  return der.seq(sealInfoDer, der.octets(parts.makerCert), der.oid(parts.signatureAlgorithm), der.bitString(parts.signatureValue));
}
