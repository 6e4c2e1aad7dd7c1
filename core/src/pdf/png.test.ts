import { deflateSync } from 'node:zlib';
import { decodePng } from './png';
import { encodePng, expectSealError } from './__tests__/helpers';

describe('decodePng', () => {
  it('decodes RGBA with every row filter, splitting alpha off', () => {
    for (const filter of [0, 1, 2, 3, 4]) {
      const img = decodePng(encodePng(5, 4, 6, (x, y) => [x * 40, y * 50, 7, x === 0 ? 0 : 255], { filter }));
      expect(img.colorSpace).toBe('rgb');
      expect([...img.pixels.subarray(0, 6)]).toEqual([0, 0, 7, 40, 0, 7]);
      expect(img.pixels[(3 * 5 + 4) * 3 + 1]).toBe(150);
      expect(img.alpha![0]).toBe(0);
      expect(img.alpha![1]).toBe(255);
    }
  });

  it('decodes RGB without alpha, gray, and gray+alpha', () => {
    expect(decodePng(encodePng(2, 2, 2, () => [1, 2, 3])).alpha).toBeUndefined();
    const gray = decodePng(encodePng(3, 1, 0, (x) => [x * 100]));
    expect(gray.colorSpace).toBe('gray');
    expect([...gray.pixels]).toEqual([0, 100, 200]);
    const ga = decodePng(encodePng(2, 1, 4, (x) => [9, x ? 128 : 255]));
    expect([...ga.alpha!]).toEqual([255, 128]);
  });

  it('expands a palette and takes alpha from tRNS', () => {
    const img = decodePng(
      encodePng(2, 1, 3, (x) => [x], {
        palette: [
          [255, 0, 0],
          [0, 0, 255],
        ],
        trns: [0],
      }),
    );
    expect([...img.pixels]).toEqual([255, 0, 0, 0, 0, 255]);
    expect([...img.alpha!]).toEqual([0, 255]);
  });

  it('rejects non-PNG, interlaced, truncated and out-of-range images', async () => {
    await expectSealError(() => decodePng(Buffer.from('GIF89a')), 'VALIDATION_FAILED');
    const good = Buffer.from(encodePng(2, 2, 2, () => [0, 0, 0]));
    const interlaced = Buffer.from(good);
    interlaced[8 + 8 + 12] = 1; // IHDR interlace byte
    await expectSealError(() => decodePng(interlaced), 'VALIDATION_FAILED');
    await expectSealError(() => decodePng(good.subarray(0, 40)), 'VALIDATION_FAILED');
    await expectSealError(() => decodePng(encodePng(2, 1, 3, () => [5], { palette: [[1, 2, 3]] })), 'VALIDATION_FAILED');
    const hugeHeader = Buffer.from(good);
    hugeHeader.writeUInt32BE(100000, 16);
    hugeHeader.writeUInt32BE(100000, 20);
    await expectSealError(() => decodePng(hugeHeader), 'VALIDATION_FAILED');
  });

  it('rejects image data shorter than the dimensions claim', async () => {
    const png = Buffer.from(encodePng(4, 4, 2, () => [1, 1, 1]));
    const idatAt = png.indexOf('IDAT') - 4;
    const short = deflateSync(Buffer.alloc(5));
    const len = Buffer.alloc(4);
    len.writeUInt32BE(short.length);
    const broken = Buffer.concat([
      png.subarray(0, idatAt),
      len,
      Buffer.from('IDAT'),
      short,
      Buffer.alloc(4),
      Buffer.from([0, 0, 0, 0]),
      Buffer.from('IEND'),
      Buffer.alloc(4),
    ]);
    await expectSealError(() => decodePng(broken), 'VALIDATION_FAILED');
  });
});

describe('decodePng cache', () => {
  it('hands out one frozen image per PNG and never confuses two imprints', () => {
    const a = encodePng(3, 2, 6, (x) => [x * 80, 1, 2, x === 0 ? 0 : 255]);
    const b = encodePng(3, 2, 6, (x) => [x * 80, 1, 3, 255]);
    const first = decodePng(a);
    expect(Object.isFrozen(first)).toBe(true);
    expect(decodePng(Buffer.from(a))).toBe(first); // same bytes, another buffer
    const other = decodePng(b);
    expect(other).not.toBe(first);
    expect(other.pixels[2]).toBe(3);
    expect(other.alpha![0]).toBe(255);
  });

  it('refuses a bad PNG every time (failures are not cached)', async () => {
    const bad = Buffer.from('not a png at all');
    await expectSealError(() => decodePng(bad), 'VALIDATION_FAILED');
    await expectSealError(() => decodePng(bad), 'VALIDATION_FAILED');
  });
});
