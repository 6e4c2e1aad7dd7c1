import { createHash } from 'node:crypto';
import {
  type Asn1Node,
  Tag,
  expectTag,
  parseDer,
  readExplicit,
  readInteger,
  readOctetString,
  readOid,
  readSequence,
  readTime,
} from '../asn1';
import { SealError, isSealError } from '../errors';
import { sm3 } from '../crypto/sm3';
import { SealOid } from './oids';

/** What we read from an RFC 3161 TimeStampToken: enough to tie it to the signature it stamps. */
export interface TimeStampTokenInfo {
  contentType: string;
  policy: string;
  /** Hash algorithm OID of the message imprint. */
  hashAlgorithm: string;
  hashedMessage: Uint8Array;
  serialHex: string;
  genTime: Date;
}

/**
 * Parse ContentInfo { signedData, [0] SignedData { version, digestAlgorithms, encapContentInfo { id-ct-TSTInfo,
 * [0] OCTET STRING TSTInfo }, ... } }. Both the PKCS#7 and the GM/T 0010 signedData OIDs are accepted.
 * The TSA's CMS signature is NOT checked here (see SealTrust.verifyTimeStampToken). Throws TIMESTAMP_INVALID.
 */
export function parseTimeStampToken(token: Uint8Array): TimeStampTokenInfo {
  try {
    return readToken(parseDer(token));
  } catch (error) {
    if (isSealError(error) && error.code === 'TIMESTAMP_INVALID') throw error;
    throw new SealError('TIMESTAMP_INVALID', 'time-stamp token is not a readable RFC 3161 token', { cause: error });
  }
}

function readToken(root: Asn1Node): TimeStampTokenInfo {
  const contentInfo = readSequence(root, 'ContentInfo');
  if (contentInfo.length !== 2) throw invalid('ContentInfo must have 2 elements');
  const contentType = readOid(contentInfo[0], 'ContentInfo.contentType');
  if (contentType !== SealOid.CMS_SIGNED_DATA && contentType !== SealOid.GM_SIGNED_DATA)
    throw invalid(`content type ${contentType} is not signedData`);
  const signedData = readSequence(readExplicit(contentInfo[1], 0, 'ContentInfo.content'), 'SignedData');
  if (signedData.length < 4) throw invalid('SignedData is too short');
  const encap = readSequence(signedData[2], 'EncapsulatedContentInfo');
  if (encap.length !== 2) throw invalid('time-stamp token carries no TSTInfo');
  const eContentType = readOid(encap[0], 'eContentType');
  if (eContentType !== SealOid.TST_INFO) throw invalid(`eContentType ${eContentType} is not id-ct-TSTInfo`);
  const tstInfoDer = readOctetString(readExplicit(encap[1], 0, 'eContent'), 'eContent');
  return { contentType, ...readTstInfo(parseDer(tstInfoDer)) };
}

function readTstInfo(node: Asn1Node): Omit<TimeStampTokenInfo, 'contentType'> {
  const c = readSequence(node, 'TSTInfo');
  if (c.length < 5) throw invalid('TSTInfo is too short');
  const imprint = readSequence(c[2], 'MessageImprint');
  if (imprint.length !== 2) throw invalid('MessageImprint must have 2 elements');
  const algorithm = readSequence(imprint[0], 'MessageImprint.hashAlgorithm');
  if (algorithm.length < 1 || algorithm.length > 2) throw invalid('bad hash AlgorithmIdentifier');
  const serial = readInteger(c[3], 'TSTInfo.serialNumber');
  return {
    policy: readOid(c[1], 'TSTInfo.policy'),
    hashAlgorithm: readOid(algorithm[0], 'hashAlgorithm'),
    hashedMessage: new Uint8Array(readOctetString(imprint[1], 'hashedMessage')),
    serialHex: serial.toString(16),
    genTime: readTime(expectTag(c[4], Tag.GENERALIZED_TIME, 'TSTInfo.genTime'), 'TSTInfo.genTime'),
  };
}

/** Hash `data` with the imprint algorithm; null for algorithms we do not accept (SHA-1 and older are refused). */
export function imprintHash(algorithmOid: string, data: Uint8Array): Uint8Array | null {
  if (algorithmOid === SealOid.SM3) return sm3(data);
  if (algorithmOid === SealOid.SHA256) return new Uint8Array(createHash('sha256').update(data).digest());
  return null;
}

function invalid(message: string): SealError {
  return new SealError('TIMESTAMP_INVALID', message);
}
