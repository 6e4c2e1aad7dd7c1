import { type Asn1Node, Tag, der, parseDer, readBitStringBits, readSequence, readSmallInt, readUtf8 } from '../asn1';
import { SealError, isSealError } from '../errors';

/** PKIStatus (RFC 3161 2.4.2): 0 granted, 1 grantedWithMods, 2 rejection, 3 waiting, 4 revocationWarning, 5 revocationNotification. */
export type PkiStatus = 0 | 1 | 2 | 3 | 4 | 5;

/** PKIFailureInfo bits a TSA reports with a rejection. */
export const PkiFailure = {
  badAlg: 0,
  badRequest: 2,
  badDataFormat: 5,
  timeNotAvailable: 14,
  unacceptedPolicy: 15,
  systemFailure: 25,
} as const;
export type PkiFailureName = keyof typeof PkiFailure;

export interface TimeStampResponse {
  status: PkiStatus;
  statusText?: string;
  failure?: PkiFailureName;
  /** DER TimeStampToken, present when the status is granted. */
  token?: Uint8Array;
}

/** DER TimeStampResp { PKIStatusInfo { status, statusString?, failInfo? }, timeStampToken? }. */
export function encodeTimeStampResponse(response: TimeStampResponse): Uint8Array {
  const status = [der.int(response.status)];
  if (response.statusText !== undefined) status.push(der.seq(der.utf8(response.statusText)));
  if (response.failure !== undefined) status.push(failInfoBits(PkiFailure[response.failure]));
  return der.seq(der.seq(...status), ...(response.token ? [response.token] : []));
}

/** A named bit in DER: the BIT STRING is trimmed after the last set bit, with the unused bits counted. */
function failInfoBits(bit: number): Uint8Array {
  const bytes = new Uint8Array(Math.floor(bit / 8) + 1);
  bytes[bytes.length - 1] = 0x80 >> (bit % 8);
  return der.tlv(Tag.BIT_STRING, Uint8Array.of(7 - (bit % 8), ...bytes));
}

/** Read a TimeStampResp. Throws TSA_RESPONSE_INVALID for anything that is not one. */
export function decodeTimeStampResponse(bytes: Uint8Array): TimeStampResponse {
  try {
    return readResponse(parseDer(bytes, { maxNodes: 4096 }));
  } catch (error) {
    if (isSealError(error) && error.code === 'TSA_RESPONSE_INVALID') throw error;
    throw new SealError('TSA_RESPONSE_INVALID', 'the time-stamp authority answered something that is not an RFC 3161 TimeStampResp', {
      cause: error,
    });
  }
}

function readResponse(root: Asn1Node): TimeStampResponse {
  const c = readSequence(root, 'TimeStampResp');
  if (c.length < 1 || c.length > 2) throw invalid('TimeStampResp must have 1 or 2 elements');
  const info = readSequence(c[0], 'PKIStatusInfo');
  const status = readSmallInt(info[0], 'PKIStatus');
  if (status > 5) throw invalid(`unknown PKIStatus ${status}`);
  const out: TimeStampResponse = { status: status as PkiStatus };
  for (const field of info.slice(1)) {
    if (field.tag === Tag.SEQUENCE) out.statusText = field.children.map((t) => readUtf8(t, 'PKIFreeText')).join('; ');
    else if (field.tag === Tag.BIT_STRING) out.failure = failureName(readBitStringBits(field, 'PKIFailureInfo'));
    else throw invalid('bad PKIStatusInfo');
  }
  if (c[1] !== undefined) out.token = new Uint8Array(c[1].raw);
  return out;
}

function failureName(bits: { bytes: Uint8Array }): PkiFailureName | undefined {
  for (const [name, bit] of Object.entries(PkiFailure) as Array<[PkiFailureName, number]>) {
    const byte = bits.bytes[Math.floor(bit / 8)];
    if (byte !== undefined && (byte & (0x80 >> (bit % 8))) !== 0) return name;
  }
  return undefined;
}

function invalid(message: string): SealError {
  return new SealError('TSA_RESPONSE_INVALID', message);
}
