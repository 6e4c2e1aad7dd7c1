/**
 * One neutral model for seal data of every version (GM/T 0031-2014 "V1", GB/T 38540-2020 "V4",
 * GM/T 0031-2025 "V5"). Decoders normalise into it; the verifier only ever sees this model, so a
 * check is written once and applies to all versions.
 */
export type SealVersion = 1 | 4 | 5;

export interface SealHeader {
  /** Always "ES" in conforming data; checked by the verifier, not the decoder. */
  id: string;
  version: number;
  /** Vendor identifier. */
  vid: string;
}

export interface CertDigest {
  /** Digest algorithm name as written, e.g. "SM3". */
  algorithm: string;
  value: Uint8Array;
}

/** certListType 1 carries whole certificates, 2 carries digests of them (V4/V5 only). */
export type SealCertList = { kind: 'certs'; certs: Uint8Array[] } | { kind: 'digests'; digests: CertDigest[] };

export interface SealProperty {
  /** 1 unit (official) seal, 2 personal (position) seal. */
  type: number;
  name: string;
  certList: SealCertList;
  createDate: Date;
  validStart: Date;
  validEnd: Date;
}

export interface SealPicture {
  /** "PNG", "GIF", "JPG", "SVG", ... */
  type: string;
  data: Uint8Array;
  /** Millimetres. */
  width: number;
  height: number;
}

export interface ExtData {
  extnID: string;
  critical: boolean;
  extnValue: Uint8Array;
}

export interface SealInfo {
  header: SealHeader;
  esID: string;
  property: SealProperty;
  picture: SealPicture;
  extDatas?: ExtData[];
}

export interface DecodedSeal {
  /** Structure version, from element count and header (SEAL-FORMATS.md "Version detection"). */
  version: SealVersion;
  sealInfo: SealInfo;
  makerCert: Uint8Array;
  signatureAlgorithm: string;
  signatureValue: Uint8Array;
  /** V5 only: RFC 3161 token over the maker's signature. */
  timeStamp?: Uint8Array;
  /** Exact bytes the maker signed, taken from the input: DER SealInfo (V4/V5) or SEQUENCE{SealInfo, cert, alg} (V1). */
  signedBytes: Uint8Array;
  /** The complete SESeal as read. */
  raw: Uint8Array;
}

export interface DecodedSesSignature {
  version: SealVersion;
  /** TBS_Sign.version as written. */
  tbsVersion: number;
  seal: DecodedSeal;
  /** Signing time claimed by the signer (TBS timeInfo). */
  timeInfo: Date;
  dataHash: Uint8Array;
  propertyInfo: string;
  signerCert: Uint8Array;
  signatureAlgorithm: string;
  signatureValue: Uint8Array;
  extDatas?: ExtData[];
  /** RFC 3161 token over signatureValue, when present. */
  timeStamp?: Uint8Array;
  /** Exact DER of TBS_Sign as read: the signature is checked over these bytes, never a re-encoding. */
  signedBytes: Uint8Array;
  raw: Uint8Array;
}
