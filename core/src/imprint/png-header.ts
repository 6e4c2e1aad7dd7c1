import { crc32 } from 'node:zlib';
import { SealError } from '../errors';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngHeader {
  readonly widthPx: number;
  readonly heightPx: number;
  readonly bitDepth: number;
  /** 6 = RGBA, the only type with a full alpha channel. */
  readonly colourType: number;
}

function bad(message: string): SealError {
  return new SealError('VALIDATION_FAILED', `not a usable PNG: ${message}`, { details: { field: 'png' } });
}

/**
 * Reads and checks a PNG's header chunk. Imprints arrive from outside systems and end up embedded in
 * seal data, so they are checked before anything trusts their size.
 */
export function readPngHeader(png: Uint8Array): PngHeader {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw bad('missing PNG signature');
  if (bytes.readUInt32BE(8) !== 13 || bytes.toString('latin1', 12, 16) !== 'IHDR') throw bad('first chunk is not IHDR');
  if (crc32(bytes.subarray(12, 29)) !== bytes.readUInt32BE(29)) throw bad('IHDR checksum does not match');
  const widthPx = bytes.readUInt32BE(16);
  const heightPx = bytes.readUInt32BE(20);
  if (widthPx === 0 || heightPx === 0) throw bad('zero size');
  return { widthPx, heightPx, bitDepth: bytes[24]!, colourType: bytes[25]! };
}
