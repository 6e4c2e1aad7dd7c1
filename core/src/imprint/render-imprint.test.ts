import { sm3 as referenceSm3 } from 'sm-crypto';
import { SealError } from '../errors';
import { decodePng, inkShare, pixel } from './__tests__/decode-png';
import { imprintDigest, imprintSvg, readPngHeader, renderImprint } from '.';

const contract = { shape: 'ROUND', unitName: '天津市某某科技发展有限公司', sealName: '合同专用章', sealCode: '1201040012345' } as const;

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof SealError) return error.code;
    throw error;
  }
  return undefined;
}

describe('round official imprint', () => {
  const imprint = renderImprint(contract);
  const img = decodePng(imprint.png);
  const c = img.width / 2;
  const pxPerMm = img.width / 42;

  it('is a standard RGBA PNG of 42 mm at 300 dpi (496 px)', () => {
    expect(imprint).toMatchObject({ widthPx: 496, heightPx: 496, widthMm: 42, heightMm: 42 });
    expect(img.chunkTypes.slice(0, 2)).toEqual(['IHDR', 'pHYs']);
    const phys = Buffer.from(imprint.png).subarray(33 + 8, 33 + 17);
    expect([phys.readUInt32BE(0), phys.readUInt32BE(4), phys[8]]).toEqual([11811, 11811, 1]); // 300 dpi in pixels per metre
    expect(img.chunkTypes.at(-1)).toBe('IEND');
    expect(readPngHeader(imprint.png)).toEqual({ widthPx: 496, heightPx: 496, bitDepth: 8, colourType: 6 });
  });

  it('has a transparent background outside the ring and in the gap inside it', () => {
    for (const [x, y] of [
      [0, 0],
      [img.width - 1, 0],
      [0, img.height - 1],
      [img.width - 1, img.height - 1],
    ]) {
      expect(pixel(img, x!, y!)[3]).toBe(0);
    }
    // Between the ring (inner edge 19.65 mm) and the name (outer edge 18.75 mm), straight up.
    expect(pixel(img, c, c - 19.2 * pxPerMm)[3]).toBe(0);
  });

  it('draws a solid red ring', () => {
    for (let deg = 0; deg < 360; deg += 15) {
      const r = (21 - 0.15 - 0.6) * pxPerMm; // middle of the 1.2 mm ring
      const [red, green, blue, alpha] = pixel(img, c + r * Math.sin((deg * Math.PI) / 180), c - r * Math.cos((deg * Math.PI) / 180));
      expect({ deg, red, green, blue, alpha }).toEqual({ deg, red: 0xe6, green: 0x00, blue: 0x12, alpha: 255 });
    }
  });

  it('draws the star at the centre, with the seal name below and the code at the bottom', () => {
    expect(pixel(img, c, c)[3]).toBe(255);
    expect(pixel(img, c, c - 6.5 * pxPerMm)[3]).toBe(255); // upper point
    expect(inkShare(img, c - 10 * pxPerMm, c + 8 * pxPerMm, c + 10 * pxPerMm, c + 12.5 * pxPerMm)).toBeGreaterThan(0.15);
    expect(inkShare(img, c - 7 * pxPerMm, c + 15.3 * pxPerMm, c + 7 * pxPerMm, c + 17.2 * pxPerMm)).toBeGreaterThan(0.05);
  });

  it('draws the unit name along the upper arc and leaves the lower sides empty', () => {
    expect(inkShare(img, c - 4 * pxPerMm, c - 18.5 * pxPerMm, c + 4 * pxPerMm, c - 13 * pxPerMm)).toBeGreaterThan(0.15);
    const legal = decodePng(renderImprint({ shape: 'ROUND', unitName: '天津甲公司' }).png);
    expect(inkShare(legal, c - 6 * pxPerMm, c + 7 * pxPerMm, c + 6 * pxPerMm, c + 17 * pxPerMm)).toBe(0);
  });

  it('is deterministic, and its digest is SM3 of the PNG bytes', () => {
    const again = renderImprint(contract);
    expect(Buffer.from(again.png).equals(Buffer.from(imprint.png))).toBe(true);
    expect(imprint.sm3).toBe(referenceSm3(Array.from(imprint.png)));
    expect(imprintDigest(imprint.png)).toBe(imprint.sm3);
    expect(renderImprint({ ...contract, sealName: '财务专用章' }).sm3).not.toBe(imprint.sm3);
  });

  it('scales with diameter and dpi', () => {
    const small = renderImprint({ ...contract, diameterMm: 38 }, { dpi: 150 });
    expect([small.widthPx, small.heightPx, small.widthMm]).toEqual([224, 224, 38]);
  });
});

describe('personal imprint', () => {
  it('draws a rectangle with the name and 印', () => {
    const imprint = renderImprint({ shape: 'RECTANGLE', personName: '张三' });
    const img = decodePng(imprint.png);
    expect([imprint.widthMm, imprint.heightMm]).toEqual([22.6, 10]);
    expect(pixel(img, img.width / 2, 0.55 * (img.height / 10))[3]).toBe(255); // middle of the 0.8 mm top border
    expect(inkShare(img, img.width * 0.2, img.height * 0.3, img.width * 0.8, img.height * 0.7)).toBeGreaterThan(0.15);
    expect(imprint.svg).toContain('>印<');
  });

  it('draws an oval, honouring a given size', () => {
    const imprint = renderImprint({ shape: 'OVAL', personName: '欧阳明月', suffix: '', widthMm: 30, heightMm: 14 });
    const img = decodePng(imprint.png);
    expect([imprint.widthMm, imprint.heightMm]).toEqual([30, 14]);
    expect(pixel(img, 0, 0)[3]).toBe(0); // corners lie outside the ellipse
    expect(pixel(img, img.width / 2, 2)[3]).toBe(255);
    expect(imprint.svg).not.toContain('>印<');
  });
});

describe('imprint input checks', () => {
  it('escapes names so they cannot inject SVG', () => {
    const { svg } = imprintSvg({ shape: 'ROUND', unitName: '<a>&"公司' }, '#E60012', 'Noto Serif SC');
    expect(svg).toContain('&lt;');
    expect(svg).toContain('&amp;');
    expect(svg).not.toContain('<a>');
  });

  it.each([
    [{ shape: 'ROUND', unitName: '  ' }],
    [{ shape: 'ROUND', unitName: '甲'.repeat(41) }],
    [{ shape: 'ROUND', unitName: '甲公司', sealCode: '12 34' }],
    [{ shape: 'ROUND', unitName: '甲公司', diameterMm: 500 }],
    [{ shape: 'ROUND', unitName: '甲\u0000公司' }],
    [{ shape: 'RECTANGLE', personName: '' }],
    [{ shape: 'TRIANGLE', personName: '张三' }],
  ])('refuses %j with VALIDATION_FAILED', (spec) => {
    expect(errorCode(() => renderImprint(spec as never))).toBe('VALIDATION_FAILED');
  });

  it('refuses a bad colour or dpi', () => {
    expect(errorCode(() => renderImprint(contract, { colour: 'red' }))).toBe('VALIDATION_FAILED');
    expect(errorCode(() => renderImprint(contract, { dpi: 10_000 }))).toBe('VALIDATION_FAILED');
  });

  it('fails with DEPENDENCY_UNAVAILABLE when the font is missing', () => {
    expect(errorCode(() => renderImprint(contract, { font: { file: '/nonexistent/font.ttf', family: 'X' } }))).toBe(
      'DEPENDENCY_UNAVAILABLE',
    );
  });

  it('refuses a PNG with a broken header', () => {
    const png = Buffer.from(renderImprint({ shape: 'RECTANGLE', personName: '李四' }).png);
    png[17] ^= 0xff; // width byte: the IHDR CRC no longer matches
    expect(errorCode(() => readPngHeader(png))).toBe('VALIDATION_FAILED');
    expect(errorCode(() => readPngHeader(Buffer.from('GIF89a')))).toBe('VALIDATION_FAILED');
  });
});
