import { createHash } from 'node:crypto';
import { SealError } from '../errors';

/** [offset1, length1, offset2, length2]: the signed bytes are everything except the /Contents hex string. */
export type ByteRange = [number, number, number, number];

/** Fixed-width text reserved for /ByteRange so filling it in never moves a byte (10 digits: files up to 9.3 GB). */
export const BYTE_RANGE_PLACEHOLDER = '[0 0000000000 0000000000 0000000000]';

export function formatByteRange(range: ByteRange): string {
  const text = `[${range.join(' ')}]`;
  if (text.length > BYTE_RANGE_PLACEHOLDER.length) throw new SealError('PDF_TOO_LARGE', 'byte range does not fit its placeholder');
  return text.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' ');
}

/** The two signed slices, as views (no copy). */
export function signedRanges(pdf: Uint8Array, range: ByteRange): [Uint8Array, Uint8Array] {
  return [pdf.subarray(range[0], range[0] + range[1]), pdf.subarray(range[2], range[2] + range[3])];
}

/** SM3 over the /ByteRange bytes, streamed over both slices: a 10 MB file is never copied to hash it. */
export function sm3ByteRange(pdf: Uint8Array, range: ByteRange): Uint8Array {
  const [a, b] = signedRanges(pdf, range);
  return new Uint8Array(createHash('sm3').update(a).update(b).digest());
}

/** A sane byte range: in order, non-overlapping, inside the file. */
export function isWellFormedByteRange(range: unknown, fileLength: number): range is ByteRange {
  if (!Array.isArray(range) || range.length !== 4 || !range.every((n) => Number.isSafeInteger(n) && n >= 0)) return false;
  const [o1, l1, o2, l2] = range as number[];
  return o1 + l1 <= o2 && o2 + l2 <= fileLength;
}
