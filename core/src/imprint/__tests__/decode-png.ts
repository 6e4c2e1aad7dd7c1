import { crc32, inflateSync } from 'node:zlib';

/**
 * A small, strict PNG reader for tests (8-bit RGBA, non-interlaced): checks every chunk's CRC and
 * undoes the scanline filters, so tests look at real pixels rather than trusting the encoder.
 */
export interface DecodedPng {
  width: number;
  height: number;
  chunkTypes: string[];
  rgba: Buffer;
}

export function decodePng(png: Uint8Array): DecodedPng {
  const b = Buffer.from(png);
  let offset = 8;
  const chunkTypes: string[] = [];
  const idat: Buffer[] = [];
  let width = 0;
  let height = 0;
  while (offset < b.length) {
    const length = b.readUInt32BE(offset);
    const type = b.toString('latin1', offset + 4, offset + 8);
    const data = b.subarray(offset + 8, offset + 8 + length);
    const crc = b.readUInt32BE(offset + 8 + length);
    if (crc32(b.subarray(offset + 4, offset + 8 + length)) !== crc) throw new Error(`bad CRC in ${type}`);
    chunkTypes.push(type);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[9] !== 6 || data[12] !== 0) throw new Error('expected 8-bit RGBA, non-interlaced');
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= 4 ? rgba[y * stride + x - 4]! : 0;
      const up = y > 0 ? rgba[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4]! : 0;
      const p = a + up - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - up) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - up) <= Math.abs(p - c) ? up : c;
      const predictor = [0, a, up, (a + up) >> 1, paeth][filter];
      if (predictor === undefined) throw new Error(`unknown filter ${filter}`);
      rgba[y * stride + x] = (line[x]! + predictor) & 0xff;
    }
  }
  return { width, height, chunkTypes, rgba };
}

export function pixel(img: DecodedPng, x: number, y: number): [number, number, number, number] {
  const i = (Math.round(y) * img.width + Math.round(x)) * 4;
  return [img.rgba[i]!, img.rgba[i + 1]!, img.rgba[i + 2]!, img.rgba[i + 3]!];
}

/** Share of pixels in a box that are clearly drawn (alpha > 128). */
export function inkShare(img: DecodedPng, x0: number, y0: number, x1: number, y1: number): number {
  let inked = 0;
  let total = 0;
  for (let y = Math.round(y0); y < Math.round(y1); y++) {
    for (let x = Math.round(x0); x < Math.round(x1); x++) {
      total++;
      if (pixel(img, x, y)[3] > 128) inked++;
    }
  }
  return inked / total;
}
