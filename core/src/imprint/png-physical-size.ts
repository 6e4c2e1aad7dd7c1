import { crc32 } from 'node:zlib';

/**
 * Adds a pHYs chunk (pixels per metre) right after IHDR, so viewers and PDF tools that honour it
 * show the imprint at its real size (42 mm stays 42 mm) instead of guessing 72 or 96 dpi.
 */
export function withPhysicalSize(png: Uint8Array, dpi: number): Uint8Array {
  const source = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const ihdrEnd = 8 + 12 + source.readUInt32BE(8); // signature + IHDR (length, type, data, crc)
  const pixelsPerMetre = Math.round(dpi / 0.0254);
  const chunk = Buffer.alloc(21);
  chunk.writeUInt32BE(9, 0);
  chunk.write('pHYs', 4, 'latin1');
  chunk.writeUInt32BE(pixelsPerMetre, 8);
  chunk.writeUInt32BE(pixelsPerMetre, 12);
  chunk[16] = 1; // unit: metre
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 17)), 17);
  return new Uint8Array(Buffer.concat([source.subarray(0, ihdrEnd), chunk, source.subarray(ihdrEnd)]));
}
