import { type Asn1Node, Tag, readTime } from '../asn1';
import { formatError } from './format-error';

/** Offset assumed for V1 text times without a zone: producers of V1 data run on China Standard Time. */
const V1_TEXT_TIME_OFFSET_HOURS = 8;

/**
 * V1 TBS_Sign.timeInfo is a BIT STRING (some producers: OCTET STRING) whose bytes are text. ofdrw writes
 * "yyyy-MM-dd HH:mm:ss" in local time (read as UTC+8); others write UTCTime/GeneralizedTime digits with "Z".
 * A DER time element in that position is accepted too.
 */
export function readV1TimeInfo(node: Asn1Node): Date {
  if (node.tag === Tag.UTC_TIME || node.tag === Tag.GENERALIZED_TIME) return readTime(node, 'TBS_Sign.timeInfo');
  let bytes: Uint8Array;
  if (node.tag === Tag.BIT_STRING) {
    if (node.content.length === 0 || node.content[0] !== 0) throw formatError('TBS_Sign.timeInfo: BIT STRING with unused bits', node);
    bytes = node.content.subarray(1);
  } else if (node.tag === Tag.OCTET_STRING) {
    bytes = node.content;
  } else {
    throw formatError('TBS_Sign.timeInfo (V1): expected BIT STRING text', node);
  }
  const date = parseV1TimeText(Buffer.from(bytes).toString('latin1'));
  if (!date) throw formatError('TBS_Sign.timeInfo (V1): unrecognised time text', node);
  return date;
}

export function parseV1TimeText(text: string): Date | null {
  let m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  let offsetHours = V1_TEXT_TIME_OFFSET_HOURS;
  if (!m) {
    m = /^(\d{4}|\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
    offsetHours = 0;
  }
  if (!m) return null;
  let year = Number(m[1]);
  if (m[1].length === 2) year += year < 50 ? 2000 : 1900;
  const [month, day, hour, minute, second] = m.slice(2).map(Number);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(utc);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  return new Date(utc - offsetHours * 3600_000);
}

/** The ofdrw text form, for building V1 data (tests, interop). */
export function formatV1TimeText(date: Date): string {
  const local = new Date(date.getTime() + V1_TEXT_TIME_OFFSET_HOURS * 3600_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(local.getUTCFullYear(), 4)}-${p(local.getUTCMonth() + 1)}-${p(local.getUTCDate())} ${p(local.getUTCHours())}:${p(local.getUTCMinutes())}:${p(local.getUTCSeconds())}`;
}
