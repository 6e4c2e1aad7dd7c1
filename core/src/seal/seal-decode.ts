import { type Asn1Node, Tag, der, parseDer, readBitStringBytes, readOctetString, readOid, readSequence } from '../asn1';
import { SealError } from '../errors';
import { expectElementCount, formatError, requireBytesInput } from './format-error';
import { unwrapUncertainTag } from './lenient-tagging';
import type { DecodedSeal, SealVersion } from './model';
import { copy, decodeHeader, decodeSealInfo } from './seal-info-decode';

/** Decode a DER SESeal of any supported version. Throws SealError (BAD_ASN1, SEAL_FORMAT_INVALID, UNSUPPORTED_VERSION). */
export function decodeSeal(bytes: Uint8Array): DecodedSeal {
  return decodeSealNode(parseDer(requireBytesInput(bytes, 'SESeal')));
}

export function decodeSealNode(node: Asn1Node): DecodedSeal {
  const c = readSequence(node, 'SESeal');
  const version = detectSealVersion(node);
  if (version === 1) return decodeSealV1(node, c);
  const info = c[0];
  const sealInfo = decodeSealInfo(info, 'v4');
  const seal: DecodedSeal = {
    version,
    sealInfo,
    makerCert: copy(readOctetString(c[1], 'SESeal.cert')),
    signatureAlgorithm: readOid(c[2], 'SESeal.signAlgID'),
    signatureValue: copy(readBitStringBytes(c[3], 'SESeal.signedValue')),
    signedBytes: copy(info.raw),
    raw: copy(node.raw),
  };
  if (c.length === 5)
    seal.timeStamp = copy(readBitStringBytes(unwrapUncertainTag(c[4], 0, Tag.BIT_STRING, 'SESeal.timeStamp'), 'SESeal.timeStamp'));
  return seal;
}

/**
 * ofdrw's rule: 2 elements is V1; otherwise the header version inside eSealInfo decides (4 or 5),
 * and a fifth element (timeStamp) only exists in V5.
 */
export function detectSealVersion(node: Asn1Node): SealVersion {
  const c = readSequence(node, 'SESeal');
  if (c.length === 2) return 1;
  expectElementCount(c, 4, 5, 'SESeal', node);
  const headerNode = readSequence(c[0], 'SES_SealInfo')[0];
  if (headerNode === undefined) throw formatError('SES_SealInfo is empty', c[0]);
  const headerVersion = decodeHeader(headerNode).version;
  if (headerVersion !== 4 && headerVersion !== 5) {
    throw new SealError('UNSUPPORTED_VERSION', `SESeal header version ${headerVersion} is not 4 or 5`, {
      details: { version: headerVersion },
    });
  }
  if (c.length === 5 && headerVersion !== 5) throw formatError('SESeal has a fifth element (timeStamp) but header version 4', c[4]);
  return headerVersion;
}

/**
 * V1: SESeal { esealInfo, signInfo { cert, signatureAlgorithm, signData } }. The maker signed
 * DER(SEQUENCE { SES_SealInfo, cert, algorithm }), rebuilt here from the original TLVs so no field is re-encoded.
 */
function decodeSealV1(node: Asn1Node, c: readonly Asn1Node[]): DecodedSeal {
  const signInfo = readSequence(c[1], 'SES_SignInfo');
  expectElementCount(signInfo, 3, 3, 'SES_SignInfo', c[1]);
  return {
    version: 1,
    sealInfo: decodeSealInfo(c[0], 'v1'),
    makerCert: copy(readOctetString(signInfo[0], 'SES_SignInfo.cert')),
    signatureAlgorithm: readOid(signInfo[1], 'SES_SignInfo.signatureAlgorithm'),
    signatureValue: copy(readBitStringBytes(signInfo[2], 'SES_SignInfo.signData')),
    signedBytes: der.seq(c[0].raw, signInfo[0].raw, signInfo[1].raw),
    raw: copy(node.raw),
  };
}
