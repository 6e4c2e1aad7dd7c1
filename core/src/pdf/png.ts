import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { SealError } from '../errors';
import { unfilterPngRows } from './filters';
import { LruMap } from '../cache/lru-map';

/** A decoded imprint: 8-bit samples, colour separated from alpha as PDF images need. */
export interface DecodedImage {
  width: number;
  height: number;
  /** 'rgb' = 3 samples per pixel, 'gray' = 1. */
  colorSpace: 'rgb' | 'gray';
  pixels: Uint8Array;
  /** One 8-bit alpha sample per pixel, or undefined when fully opaque. */
  alpha?: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Seal imprints are small; this bounds memory for a hostile IHDR. */
const MAX_PIXELS = 16 * 1024 * 1024;

function bad(message: string, details?: Record<string, unknown>): SealError {
  return new SealError('VALIDATION_FAILED', `imprint PNG: ${message}`, { details });
}

/**
 * Every signing with a seal embeds the same imprint, and inflating, unfiltering and splitting it cost
 * about as much as the rest of the PDF update. Decoded images are kept by the SM3 of the PNG bytes (so a
 * changed imprint is a different key, never a stale hit), most recently used last, within a byte budget.
 * Only successful decodes are kept: a bad PNG is re-read and refused every time. The cached image is
 * frozen and shared, so its sample arrays are read-only by contract (the PDF writer only compresses them).
 */
const DECODED_CACHE_BUDGET_BYTES = 32 * 1024 * 1024;
const decodedCache = new LruMap<string, { image: DecodedImage; bytes: number }>(DECODED_CACHE_BUDGET_BYTES, (entry) => entry.bytes);

/** Decodes a non-interlaced PNG of any colour type and bit depth (RFC 2083); repeated imprints come from a bounded cache. */
export function decodePng(png: Uint8Array): DecodedImage {
  const key = createHash('sm3').update(png).digest('hex');
  const hit = decodedCache.get(key);
  if (hit !== undefined) return hit.image;
  const image = Object.freeze(decodePngUncached(png));
  const bytes = image.pixels.byteLength + (image.alpha?.byteLength ?? 0);
  if (bytes <= DECODED_CACHE_BUDGET_BYTES / 8) decodedCache.set(key, { image, bytes });
  return image;
}

function decodePngUncached(png: Uint8Array): DecodedImage {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.length);
  if (buf.length < 8 || !buf.subarray(0, 8).equals(SIGNATURE)) throw bad('not a PNG file');
  let pos = 8;
  let ihdr: Buffer | undefined;
  let palette: Buffer | undefined;
  let trns: Buffer | undefined;
  const idat: Buffer[] = [];
  while (pos + 8 <= buf.length) {
    const length = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    if (pos + 12 + length > buf.length) throw bad('truncated chunk', { type });
    const data = buf.subarray(pos + 8, pos + 8 + length);
    pos += 12 + length;
    if (type === 'IHDR') ihdr = data;
    else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') trns = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
  }
  if (!ihdr || ihdr.length < 13) throw bad('missing IHDR');
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const depth = ihdr[8];
  const colorType = ihdr[9];
  if (ihdr[12] !== 0) throw bad('interlaced PNGs are not supported; save the imprint without interlacing');
  if (width === 0 || height === 0 || width * height > MAX_PIXELS) throw bad('bad dimensions', { width, height });
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType as 0 | 2 | 3 | 4 | 6];
  if (!channels) throw bad('unknown colour type', { colorType });
  if (![1, 2, 4, 8, 16].includes(depth) || (depth < 8 && channels !== 1) || (colorType === 3 && depth > 8)) {
    throw bad('unsupported bit depth', { depth, colorType });
  }
  if (colorType === 3 && !palette) throw bad('palette image without PLTE');
  let raw: Buffer;
  const rowLength = Math.ceil((width * channels * depth) / 8);
  try {
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: (rowLength + 1) * height });
  } catch (error) {
    throw new SealError('VALIDATION_FAILED', 'imprint PNG: corrupt image data', { cause: error });
  }
  if (raw.length < (rowLength + 1) * height) throw bad('image data shorter than its dimensions');
  const rows = unfilterPngRows(raw, rowLength, Math.max(1, (channels * depth) >> 3));
  const samples = toEightBit(rows, width, height, channels, depth, rowLength);
  return toImage(samples, width, height, colorType, depth, palette, trns);
}

/** Expands 1/2/4-bit samples and reduces 16-bit ones to 8 bits (high byte). */
function toEightBit(rows: Uint8Array, width: number, height: number, channels: number, depth: number, rowLength: number): Uint8Array {
  if (depth === 8) return rows;
  const out = new Uint8Array(width * height * channels);
  if (depth === 16) {
    for (let i = 0; i < out.length; i++) out[i] = rows[i * 2];
    return out;
  }
  const perByte = 8 / depth;
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const byte = rows[y * rowLength + Math.floor(x / perByte)];
      const shift = 8 - depth * ((x % perByte) + 1);
      out[y * width + x] = (byte >> shift) & mask; // still in 0..2^depth-1; scaled below for gray
    }
  }
  return out;
}

function toImage(
  samples: Uint8Array,
  width: number,
  height: number,
  colorType: number,
  depth: number,
  palette?: Buffer,
  trns?: Buffer,
): DecodedImage {
  const n = width * height;
  const scale = depth < 8 ? 255 / ((1 << depth) - 1) : 1;
  if (colorType === 0 || colorType === 4) {
    const step = colorType === 4 ? 2 : 1;
    const pixels = new Uint8Array(n);
    const alpha = colorType === 4 ? new Uint8Array(n) : undefined;
    const transparentGray = colorType === 0 && trns && trns.length >= 2 ? trns.readUInt16BE(0) : -1;
    const tAlpha = transparentGray >= 0 ? new Uint8Array(n) : undefined;
    for (let i = 0; i < n; i++) {
      const v = samples[i * step];
      pixels[i] = Math.round(v * scale);
      if (alpha) alpha[i] = samples[i * step + 1];
      if (tAlpha) tAlpha[i] = v === transparentGray ? 0 : 255;
    }
    return { width, height, colorSpace: 'gray', pixels, alpha: alpha ?? tAlpha };
  }
  const pixels = new Uint8Array(n * 3);
  let alpha: Uint8Array | undefined;
  if (colorType === 3) {
    const entries = Math.floor(palette!.length / 3);
    if (trns && trns.length > 0) alpha = new Uint8Array(n).fill(255);
    for (let i = 0; i < n; i++) {
      const idx = samples[i];
      if (idx >= entries) throw bad('palette index out of range');
      pixels[i * 3] = palette![idx * 3];
      pixels[i * 3 + 1] = palette![idx * 3 + 1];
      pixels[i * 3 + 2] = palette![idx * 3 + 2];
      if (alpha && idx < trns!.length) alpha[i] = trns![idx];
    }
    return { width, height, colorSpace: 'rgb', pixels, alpha };
  }
  const step = colorType === 6 ? 4 : 3;
  if (colorType === 6) alpha = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    pixels[i * 3] = samples[i * step];
    pixels[i * 3 + 1] = samples[i * step + 1];
    pixels[i * 3 + 2] = samples[i * step + 2];
    if (alpha) alpha[i] = samples[i * step + 3];
  }
  if (colorType === 2 && trns && trns.length >= 6 && depth === 8) {
    alpha = new Uint8Array(n);
    const [r, g, b] = [trns.readUInt16BE(0), trns.readUInt16BE(2), trns.readUInt16BE(4)];
    for (let i = 0; i < n; i++) alpha[i] = pixels[i * 3] === r && pixels[i * 3 + 1] === g && pixels[i * 3 + 2] === b ? 0 : 255;
  }
  return { width, height, colorSpace: 'rgb', pixels, alpha };
}
