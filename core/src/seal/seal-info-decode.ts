import {
  type Asn1Node,
  Tag,
  expectTag,
  readIa5,
  readOctetString,
  readSequence,
  readSmallInt,
  readString,
  readTime,
  readUtf8,
} from '../asn1';
import { decodeExtensionDatas } from './ext-data';
import { expectElementCount, formatError } from './format-error';
import type { CertDigest, SealCertList, SealHeader, SealInfo, SealPicture, SealProperty } from './model';

/**
 * SES_SealInfo for any version. The layouts differ only in SES_ESPropertyInfo: V1 has no certListType
 * and uses UTCTime, V4/V5 add certListType and use GeneralizedTime. V4/V5 dates are strictly
 * GeneralizedTime (SEAL-FORMATS.md: "Do not mix"); see readV1Time for V1.
 */
export function decodeSealInfo(node: Asn1Node, layout: 'v1' | 'v4'): SealInfo {
  const c = readSequence(node, 'SES_SealInfo');
  expectElementCount(c, 4, 5, 'SES_SealInfo', node);
  const info: SealInfo = {
    header: decodeHeader(c[0]),
    esID: readIa5(c[1], 'SES_SealInfo.esID'),
    property: layout === 'v1' ? decodePropertyV1(c[2]) : decodePropertyV4(c[2]),
    picture: decodePicture(c[3]),
  };
  if (c.length === 5) info.extDatas = decodeExtensionDatas(c[4]);
  return info;
}

export function decodeHeader(node: Asn1Node): SealHeader {
  const c = readSequence(node, 'SES_Header');
  expectElementCount(c, 3, 3, 'SES_Header', node);
  return { id: readIa5(c[0], 'SES_Header.id'), version: readSmallInt(c[1], 'SES_Header.version'), vid: readIa5(c[2], 'SES_Header.vid') };
}

function decodePropertyV4(node: Asn1Node): SealProperty {
  const c = readSequence(node, 'SES_ESPropertyInfo');
  expectElementCount(c, 7, 7, 'SES_ESPropertyInfo', node);
  const listType = readSmallInt(c[2], 'SES_ESPropertyInfo.certListType');
  return {
    type: readSmallInt(c[0], 'SES_ESPropertyInfo.type'),
    name: readUtf8(c[1], 'SES_ESPropertyInfo.name'),
    certList: decodeCertList(c[3], listType),
    createDate: readGeneralizedTime(c[4], 'createDate'),
    validStart: readGeneralizedTime(c[5], 'validStart'),
    validEnd: readGeneralizedTime(c[6], 'validEnd'),
  };
}

function decodePropertyV1(node: Asn1Node): SealProperty {
  const c = readSequence(node, 'SES_ESPropertyInfo');
  expectElementCount(c, 6, 6, 'SES_ESPropertyInfo (V1)', node);
  return {
    type: readSmallInt(c[0], 'SES_ESPropertyInfo.type'),
    name: readUtf8(c[1], 'SES_ESPropertyInfo.name'),
    certList: decodeCertList(c[2], 1),
    createDate: readV1Time(c[3], 'createDate'),
    validStart: readV1Time(c[4], 'validStart'),
    validEnd: readV1Time(c[5], 'validEnd'),
  };
}

/** The CHOICE is untagged, so certListType is what says which alternative follows. */
function decodeCertList(node: Asn1Node, listType: number): SealCertList {
  const items = readSequence(node, 'SES_CertList');
  if (listType === 1) return { kind: 'certs', certs: items.map((i) => copy(readOctetString(i, 'SES_CertList.cert'))) };
  if (listType === 2) return { kind: 'digests', digests: items.map(decodeCertDigest) };
  throw formatError(`SES_ESPropertyInfo.certListType ${listType} is neither 1 (certs) nor 2 (digests)`, node);
}

function decodeCertDigest(node: Asn1Node): CertDigest {
  const c = readSequence(node, 'CertDigestObj');
  expectElementCount(c, 2, 2, 'CertDigestObj', node);
  return {
    algorithm: readString(c[0], Tag.PRINTABLE_STRING, 'CertDigestObj.type'),
    value: copy(readOctetString(c[1], 'CertDigestObj.value')),
  };
}

export function decodePicture(node: Asn1Node): SealPicture {
  const c = readSequence(node, 'SES_ESPictrueInfo');
  expectElementCount(c, 4, 4, 'SES_ESPictrueInfo', node);
  return {
    type: readIa5(c[0], 'SES_ESPictrueInfo.type'),
    data: copy(readOctetString(c[1], 'SES_ESPictrueInfo.data')),
    width: readSmallInt(c[2], 'SES_ESPictrueInfo.width'),
    height: readSmallInt(c[3], 'SES_ESPictrueInfo.height'),
  };
}

export function readGeneralizedTime(node: Asn1Node, what: string): Date {
  return readTime(expectTag(node, Tag.GENERALIZED_TIME, what), what);
}

/**
 * The 2014 text says UTCTime. Deployed V1 producers also wrote GeneralizedTime there and ofdrw reads both;
 * a court must still be able to check such seals, so V1 (only) accepts either. Anything else is refused.
 */
function readV1Time(node: Asn1Node, what: string): Date {
  return readTime(node, what);
}

/** Decoded byte fields are copies, so the model does not alias (or pin) the caller's buffer. */
export function copy(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}
