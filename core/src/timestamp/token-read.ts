import {
  type Asn1Node,
  Tag,
  isContextTag,
  parseDer,
  readExplicit,
  readInteger,
  readOctetString,
  readOid,
  readSequence,
  readSmallInt,
} from '../asn1';
import { SealError, isSealError } from '../errors';
import { TspOid } from './oids';
import { readTstInfo, type TstInfo } from './tst-info';

/** One SignerInfo, with the exact signed-attribute bytes the signature covers (re-tagged as SET OF). */
export interface TokenSignerInfo {
  issuerDer: Uint8Array;
  serialNumber: bigint;
  digestAlgorithm: string;
  signatureAlgorithm: string;
  /** DER SET OF Attribute: the [0] IMPLICIT signedAttrs with the SET tag restored, as RFC 5652 5.4 signs them. */
  signedAttrsDer: Uint8Array;
  attributes: ReadonlyMap<string, Asn1Node[]>;
  signature: Uint8Array;
}

export interface ReadTimeStampToken {
  contentType: string;
  /** DER TSTInfo, the eContent the messageDigest attribute covers. */
  tstInfoDer: Uint8Array;
  info: TstInfo;
  /** DER certificates the token carries (usually the TSA's own). */
  certificates: Uint8Array[];
  signerInfo: TokenSignerInfo;
}

/** Read a whole TimeStampToken (ContentInfo / SignedData / one SignerInfo). Signatures are NOT checked here. */
export function readTimeStampToken(token: Uint8Array): ReadTimeStampToken {
  try {
    return readToken(parseDer(token, { maxNodes: 4096 }));
  } catch (error) {
    if (isSealError(error) && error.code === 'TIMESTAMP_INVALID') throw error;
    throw new SealError('TIMESTAMP_INVALID', 'time-stamp token is not a readable RFC 3161 token', { cause: error });
  }
}

function readToken(root: Asn1Node): ReadTimeStampToken {
  const contentInfo = readSequence(root, 'ContentInfo');
  if (contentInfo.length !== 2) throw invalid('ContentInfo must have 2 elements');
  const contentType = readOid(contentInfo[0], 'ContentInfo.contentType');
  if (contentType !== TspOid.CMS_SIGNED_DATA && contentType !== TspOid.GM_SIGNED_DATA)
    throw invalid(`content type ${contentType} is not signedData`);
  const sd = readSequence(readExplicit(contentInfo[1], 0, 'ContentInfo.content'), 'SignedData');
  if (sd.length < 4) throw invalid('SignedData is too short');
  // CMS leaves these outside the signature: read strictly, so a token has one encoding only.
  if (readSmallInt(sd[0], 'SignedData.version') !== 3) throw invalid('SignedData version must be 3 (eContentType is not id-data)');
  if (sd[1].tag !== Tag.SET) throw invalid('bad digestAlgorithms');
  const digestAlgorithms = sd[1].children.map((a) => readAlgorithm(a, 'digestAlgorithms'));
  const encap = readSequence(sd[2], 'EncapsulatedContentInfo');
  if (encap.length !== 2) throw invalid('time-stamp token carries no TSTInfo');
  if (readOid(encap[0], 'eContentType') !== TspOid.TST_INFO) throw invalid('eContentType is not id-ct-TSTInfo');
  const tstInfoDer = readOctetString(readExplicit(encap[1], 0, 'eContent'), 'eContent');
  let i = 3;
  const certificates: Uint8Array[] = [];
  if (isContextTag(sd[i], 0))
    certificates.push(...sd[i++].children.filter((c) => c.tag === Tag.SEQUENCE).map((c) => new Uint8Array(c.raw)));
  if (sd[i] !== undefined && isContextTag(sd[i], 1)) i++; // crls: not used, revocation comes from the verifier's CRLs
  const signerInfos = sd[i];
  if (signerInfos === undefined || signerInfos.tag !== Tag.SET || i !== sd.length - 1) throw invalid('SignedData has no signerInfos');
  if (signerInfos.children.length !== 1) throw invalid('a time-stamp token must have exactly one SignerInfo (RFC 3161 2.4.2)');
  const signerInfo = readSignerInfo(signerInfos.children[0]);
  if (digestAlgorithms.length !== 1 || digestAlgorithms[0] !== signerInfo.digestAlgorithm)
    throw invalid("digestAlgorithms must name exactly the SignerInfo's digest algorithm");
  return {
    contentType,
    tstInfoDer: new Uint8Array(tstInfoDer),
    info: readTstInfo(parseDer(tstInfoDer, { maxNodes: 256 })),
    certificates,
    signerInfo,
  };
}

function readSignerInfo(node: Asn1Node): TokenSignerInfo {
  const c = readSequence(node, 'SignerInfo');
  if (c.length < 5) throw invalid('SignerInfo is too short');
  if (readSmallInt(c[0], 'SignerInfo.version') !== 1) throw invalid('SignerInfo must name its certificate by issuer and serial number');
  const sid = readSequence(c[1], 'IssuerAndSerialNumber');
  if (sid.length !== 2 || sid[0].tag !== Tag.SEQUENCE || sid[1].tag !== Tag.INTEGER) throw invalid('bad IssuerAndSerialNumber');
  const signedAttrs = c[3];
  if (!isContextTag(signedAttrs, 0) || !signedAttrs.constructed) throw invalid('SignerInfo has no signed attributes');
  if (c.length !== 6) throw invalid('SignerInfo has unexpected fields (unsigned attributes are not read)');
  const signedAttrsDer = new Uint8Array(signedAttrs.raw);
  signedAttrsDer[0] = Tag.SET;
  const attributes = new Map<string, Asn1Node[]>();
  for (const attr of signedAttrs.children) {
    const a = readSequence(attr, 'Attribute');
    if (a.length !== 2 || a[1].tag !== Tag.SET) throw invalid('bad signed attribute');
    const type = readOid(a[0], 'Attribute.type');
    if (attributes.has(type)) throw invalid(`signed attribute ${type} appears twice`);
    attributes.set(type, [...a[1].children]);
  }
  return {
    issuerDer: new Uint8Array(sid[0].raw),
    serialNumber: readInteger(sid[1], 'serialNumber'),
    digestAlgorithm: readAlgorithm(c[2], 'digestAlgorithm'),
    signatureAlgorithm: readAlgorithm(c[4], 'signatureAlgorithm'),
    signedAttrsDer,
    attributes,
    signature: new Uint8Array(readOctetString(c[5], 'SignerInfo.signature')),
  };
}

/** AlgorithmIdentifier of SM2 / SM3: parameters absent or NULL, nothing else. */
function readAlgorithm(node: Asn1Node, what: string): string {
  const c = readSequence(node, what);
  if (c.length < 1 || c.length > 2 || (c.length === 2 && (c[1].tag !== Tag.NULL || c[1].content.length !== 0)))
    throw invalid(`${what}: parameters must be NULL or absent`);
  return readOid(c[0], what);
}

function invalid(message: string): SealError {
  return new SealError('TIMESTAMP_INVALID', message);
}
