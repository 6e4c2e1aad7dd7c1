import { type Asn1Node, Tag, der, expectTag, isContextTag, readInteger, readOid, readSequence, readSmallInt, readTime } from '../asn1';
import { SealError } from '../errors';
import { readMessageImprint } from './request';

/** TSTInfo (RFC 3161 2.4.2): what the TSA attests. */
export interface TstInfo {
  policy: string;
  hashAlgorithm: string;
  hashedMessage: Uint8Array;
  serialNumber: bigint;
  /** The TSA's clock to the millisecond (written as a GeneralizedTime fraction), stated to `accuracySeconds`. */
  genTime: Date;
  accuracySeconds?: number;
  nonce?: bigint;
}

/** DER TSTInfo, version 1, genTime to the millisecond, ordering absent (FALSE), no tsa name, no extensions. */
export function encodeTstInfo(info: TstInfo): Uint8Array {
  const parts = [
    der.int(1),
    der.oid(info.policy),
    der.seq(der.seq(der.oid(info.hashAlgorithm), der.nullValue()), der.octets(info.hashedMessage)),
    der.int(info.serialNumber),
    generalizedTimeWithMillis(info.genTime),
  ];
  if (info.accuracySeconds !== undefined) parts.push(der.seq(der.int(info.accuracySeconds)));
  if (info.nonce !== undefined) parts.push(der.int(info.nonce));
  return der.seq(...parts);
}

/**
 * GeneralizedTime with the milliseconds as a fraction (RFC 3161 2.4.2 allows it; DER drops trailing
 * zeros and a fraction of zero). A whole second would put a token stamped just after an event before it.
 */
function generalizedTimeWithMillis(date: Date): Uint8Array {
  const whole = der.generalizedTime(date);
  const ms = date.getUTCMilliseconds();
  if (ms === 0) return whole;
  const digits = Buffer.from(whole.subarray(2, whole.length - 1)).toString('ascii');
  const fraction = String(ms).padStart(3, '0').replace(/0+$/, '');
  return der.tlv(Tag.GENERALIZED_TIME, new Uint8Array(Buffer.from(`${digits}.${fraction}Z`, 'ascii')));
}

/** Read a TSTInfo; optional fields after genTime are accepted in their RFC order. Throws TIMESTAMP_INVALID. */
export function readTstInfo(node: Asn1Node): TstInfo {
  const c = readSequence(node, 'TSTInfo');
  if (c.length < 5) throw invalid('TSTInfo is too short');
  if (readSmallInt(c[0], 'TSTInfo.version') !== 1) throw invalid('TSTInfo version must be 1');
  const { hashAlgorithm, hashedMessage } = readMessageImprint(c[2]);
  const serialNumber = readInteger(c[3], 'TSTInfo.serialNumber');
  if (serialNumber <= 0n) throw invalid('TSTInfo serial number must be positive');
  const info: TstInfo = {
    policy: readOid(c[1], 'TSTInfo.policy'),
    hashAlgorithm,
    hashedMessage,
    serialNumber,
    genTime: readTime(expectTag(c[4], Tag.GENERALIZED_TIME, 'TSTInfo.genTime'), 'TSTInfo.genTime'),
  };
  let i = 5;
  if (c[i]?.tag === Tag.SEQUENCE) {
    const accuracy = readSequence(c[i++], 'Accuracy');
    if (accuracy[0]?.tag === Tag.INTEGER) info.accuracySeconds = readSmallInt(accuracy[0], 'Accuracy.seconds');
  }
  if (c[i]?.tag === Tag.BOOLEAN) i++; // ordering
  if (c[i]?.tag === Tag.INTEGER) info.nonce = readInteger(c[i++], 'TSTInfo.nonce');
  if (c[i] !== undefined && isContextTag(c[i], 0)) i++; // tsa name: informational only
  if (c[i] !== undefined && isContextTag(c[i], 1)) throw invalid('TSTInfo extensions are not supported');
  if (i !== c.length) throw invalid('TSTInfo has unexpected fields');
  return info;
}

function invalid(message: string): SealError {
  return new SealError('TIMESTAMP_INVALID', message);
}
