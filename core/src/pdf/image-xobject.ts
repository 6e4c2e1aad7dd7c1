import { deflateSync } from 'node:zlib';
import { PdfDict, PdfName, PdfRef } from './objects';
import { DecodedImage } from './png';
import { IncrementalUpdate } from './incremental';

/** Adds the imprint as an image XObject, with its alpha channel as an /SMask so the seal is see-through. */
export function addImageXObject(update: IncrementalUpdate, image: DecodedImage): PdfRef {
  const ref = update.allocate();
  const dict = new PdfDict()
    .set('Type', new PdfName('XObject'))
    .set('Subtype', new PdfName('Image'))
    .set('Width', image.width)
    .set('Height', image.height)
    .set('ColorSpace', new PdfName(image.colorSpace === 'rgb' ? 'DeviceRGB' : 'DeviceGray'))
    .set('BitsPerComponent', 8)
    .set('Filter', new PdfName('FlateDecode'));
  if (image.alpha && image.alpha.some((a) => a !== 255)) {
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
      data: deflateSync(image.alpha),
    });
    dict.set('SMask', mask);
  }
  update.put(ref, { dict, data: deflateSync(image.pixels) });
  return ref;
}
