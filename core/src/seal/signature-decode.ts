import { type Asn1Node, Tag, parseDer, readBitStringBytes, readIa5, readOctetString, readOid, readSequence, readSmallInt } from '../asn1';
import { decodeExtensionDatas } from './ext-data';
import { expectElementCount, formatError, requireBytesInput } from './format-error';
import { unwrapUncertainTag } from './lenient-tagging';
import type { DecodedSesSignature } from './model';
import { decodeSealNode } from './seal-decode';
import { copy, readGeneralizedTime } from './seal-info-decode';
import { readV1TimeInfo } from './v1-time-info';

/**
 * Decode a DER SES_Signature of any supported version. Two elements is V1 (GM/T 0031-2014); otherwise the
 * version is the embedded seal's. Throws SealError (BAD_ASN1, SEAL_FORMAT_INVALID, UNSUPPORTED_VERSION).
 */
export function decodeSesSignature(bytes: Uint8Array): DecodedSesSignature {
  const node = parseDer(requireBytesInput(bytes, 'SES_Signature'));
  const c = readSequence(node, 'SES_Signature');
  if (c.length === 2) return decodeSesSignatureV1(node, c);
  expectElementCount(c, 4, 5, 'SES_Signature', node);
  const tbs = readSequence(c[0], 'TBS_Sign');
  expectElementCount(tbs, 5, 6, 'TBS_Sign', c[0]);
  const seal = decodeSealNode(tbs[1]);
  if (seal.version === 1) throw formatError('a V1 seal inside a V4/V5 SES_Signature', tbs[1]);
  const sig: DecodedSesSignature = {
    version: seal.version,
    tbsVersion: readSmallInt(tbs[0], 'TBS_Sign.version'),
    seal,
    timeInfo: readGeneralizedTime(tbs[2], 'TBS_Sign.timeInfo'),
    dataHash: copy(readBitStringBytes(tbs[3], 'TBS_Sign.dataHash')),
    propertyInfo: readIa5(tbs[4], 'TBS_Sign.propertyInfo'),
    signerCert: copy(readOctetString(c[1], 'SES_Signature.cert')),
    signatureAlgorithm: readOid(c[2], 'SES_Signature.signatureAlgID'),
    signatureValue: copy(readBitStringBytes(c[3], 'SES_Signature.signature')),
    signedBytes: copy(c[0].raw),
    raw: copy(node.raw),
  };
  if (tbs.length === 6) sig.extDatas = decodeExtensionDatas(unwrapUncertainTag(tbs[5], 0, Tag.SEQUENCE, 'TBS_Sign.extDatas'));
  if (c.length === 5)
    sig.timeStamp = copy(
      readBitStringBytes(unwrapUncertainTag(c[4], 0, Tag.BIT_STRING, 'SES_Signature.timeStamp'), 'SES_Signature.timeStamp'),
    );
  return sig;
}

/**
 * V1: SES_Signature { toSign, signature } with
 * TBS_Sign { version, eseal, timeInfo (text in a BIT STRING), dataHash, propertyInfo, cert, signatureAlgorithm }.
 */
function decodeSesSignatureV1(node: Asn1Node, c: readonly Asn1Node[]): DecodedSesSignature {
  const tbs = readSequence(c[0], 'TBS_Sign');
  expectElementCount(tbs, 7, 7, 'TBS_Sign (V1)', c[0]);
  const seal = decodeSealNode(tbs[1]);
  if (seal.version !== 1) throw formatError('a V4/V5 seal inside a V1 SES_Signature', tbs[1]);
  return {
    version: 1,
    tbsVersion: readSmallInt(tbs[0], 'TBS_Sign.version'),
    seal,
    timeInfo: readV1TimeInfo(tbs[2]),
    dataHash: copy(readV1DataHash(tbs[3])),
    propertyInfo: readIa5(tbs[4], 'TBS_Sign.propertyInfo'),
    signerCert: copy(readOctetString(tbs[5], 'TBS_Sign.cert')),
    signatureAlgorithm: readOid(tbs[6], 'TBS_Sign.signatureAlgorithm'),
    signatureValue: copy(readBitStringBytes(c[1], 'SES_Signature.signature')),
    signedBytes: copy(c[0].raw),
    raw: copy(node.raw),
  };
}

/** Some V1 producers wrote dataHash as an OCTET STRING; the bytes mean the same. */
function readV1DataHash(node: Asn1Node): Uint8Array {
  return node.tag === Tag.OCTET_STRING ? readOctetString(node, 'TBS_Sign.dataHash') : readBitStringBytes(node, 'TBS_Sign.dataHash');
}
