import { deflateSync } from 'node:zlib';
import { PdfDict, PdfName, PdfRef } from './objects';
import { DecodedImage } from './png';
import { IncrementalUpdate } from './incremental';

/** The compressed streams of one decoded image: deterministic for the image, so computed once per image. */
interface CompressedImage {
  pixels: Buffer;
  /** Absent when the image is fully opaque (no /SMask). */
  alpha?: Buffer;
}

/**
 * Keyed by the image object: decodePng hands out one frozen image per imprint (cached by the PNG's
 * SM3), so every signing with a seal reuses the same deflated bytes instead of re-compressing ~4 ms of
 * pixels. A WeakMap keeps no image alive on its own: the entry goes when the decoder's cache drops it.
 */
const compressed = new WeakMap<DecodedImage, CompressedImage>();

function compress(image: DecodedImage): CompressedImage {
  let entry = compressed.get(image);
  if (entry === undefined) {
    const translucent = image.alpha !== undefined && image.alpha.some((a) => a !== 255);
    entry = { pixels: deflateSync(image.pixels), ...(translucent ? { alpha: deflateSync(image.alpha!) } : {}) };
    // Only a frozen (cached, shared) image can be reused safely; a caller's own mutable image is compressed afresh.
    if (Object.isFrozen(image)) compressed.set(image, entry);
  }
  return entry;
}

/** Adds the imprint as an image XObject, with its alpha channel as an /SMask so the seal is see-through. */
export function addImageXObject(update: IncrementalUpdate, image: DecodedImage): PdfRef {
  const data = compress(image);
  const ref = update.allocate();
  const dict = new PdfDict()
    .set('Type', new PdfName('XObject'))
    .set('Subtype', new PdfName('Image'))
    .set('Width', image.width)
    .set('Height', image.height)
    .set('ColorSpace', new PdfName(image.colorSpace === 'rgb' ? 'DeviceRGB' : 'DeviceGray'))
    .set('BitsPerComponent', 8)
    .set('Filter', new PdfName('FlateDecode'));
  if (data.alpha !== undefined) {
    const mask = update.allocate();
    update.put(mask, {
      dict: new PdfDict()
        .set('Type', new PdfName('XObject'))
        .set('Subtype', new PdfName('Image'))
        .set('Width', image.width)
        .set('Height', image.height)
        .set('ColorSpace', new PdfName('DeviceGray'))
        .set('BitsPerComponent', 8)
        .set('Filter', new PdfName('FlateDecode')),
      data: data.alpha,
    });
    dict.set('SMask', mask);
  }
  update.put(ref, { dict, data: data.pixels });
  return ref;
}
