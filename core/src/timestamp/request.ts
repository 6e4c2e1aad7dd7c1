import { type Asn1Node, Tag, der, parseDer, readBoolean, readInteger, readOctetString, readOid, readSequence, readSmallInt } from '../asn1';
import { SealError, isSealError } from '../errors';

/** TimeStampReq (RFC 3161 2.4.1) as our client sends it and our TSA reads it. */
export interface TimeStampRequest {
  /** Hash algorithm of the imprint; the GM/T 0033 profile uses SM3. */
  hashAlgorithm: string;
  hashedMessage: Uint8Array;
  reqPolicy?: string;
  nonce?: bigint;
  /** Ask the TSA to put its certificate in the token. */
  certReq: boolean;
}

/** DER TimeStampReq. The SM3 AlgorithmIdentifier carries NULL parameters, as OpenSSL writes digest algorithms. */
export function encodeTimeStampRequest(request: TimeStampRequest): Uint8Array {
  const parts = [der.int(1), der.seq(der.seq(der.oid(request.hashAlgorithm), der.nullValue()), der.octets(request.hashedMessage))];
  if (request.reqPolicy !== undefined) parts.push(der.oid(request.reqPolicy));
  if (request.nonce !== undefined) parts.push(der.int(request.nonce));
  if (request.certReq) parts.push(der.bool(true));
  return der.seq(...parts);
}

/** Strict reader for a TSA: anything but a well-formed version 1 request is TIMESTAMP_REQUEST_INVALID. */
export function decodeTimeStampRequest(bytes: Uint8Array): TimeStampRequest {
  try {
    return readRequest(parseDer(bytes, { maxNodes: 64 }));
  } catch (error) {
    if (isSealError(error) && error.code === 'TIMESTAMP_REQUEST_INVALID') throw error;
    throw new SealError('TIMESTAMP_REQUEST_INVALID', 'not a readable RFC 3161 TimeStampReq', { cause: error });
  }
}

function readRequest(root: Asn1Node): TimeStampRequest {
  const c = readSequence(root, 'TimeStampReq');
  if (c.length < 2) throw invalid('TimeStampReq is too short');
  if (readSmallInt(c[0], 'version') !== 1) throw invalid('TimeStampReq version must be 1');
  const { hashAlgorithm, hashedMessage } = readMessageImprint(c[1]);
  const out: TimeStampRequest = { hashAlgorithm, hashedMessage, certReq: false };
  let i = 2;
  if (c[i]?.tag === Tag.OID) out.reqPolicy = readOid(c[i++], 'reqPolicy');
  if (c[i]?.tag === Tag.INTEGER) out.nonce = readInteger(c[i++], 'nonce');
  if (c[i]?.tag === Tag.BOOLEAN) out.certReq = readBoolean(c[i++], 'certReq');
  // [0] extensions are not supported: a critical one could not be honoured, so none is accepted.
  if (i !== c.length) throw invalid('TimeStampReq has fields this TSA does not support (extensions)');
  return out;
}

/** MessageImprint ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, hashedMessage OCTET STRING } */
export function readMessageImprint(node: Asn1Node): { hashAlgorithm: string; hashedMessage: Uint8Array } {
  const imprint = readSequence(node, 'MessageImprint');
  if (imprint.length !== 2) throw invalid('MessageImprint must have 2 elements');
  const algorithm = readSequence(imprint[0], 'MessageImprint.hashAlgorithm');
  if (algorithm.length < 1 || algorithm.length > 2) throw invalid('bad hash AlgorithmIdentifier');
  if (algorithm.length === 2 && algorithm[1].tag !== Tag.NULL) throw invalid('hash AlgorithmIdentifier parameters must be NULL or absent');
  return {
    hashAlgorithm: readOid(algorithm[0], 'hashAlgorithm'),
    hashedMessage: new Uint8Array(readOctetString(imprint[1], 'hashedMessage')),
  };
}

function invalid(message: string): SealError {
  return new SealError('TIMESTAMP_REQUEST_INVALID', message);
}
