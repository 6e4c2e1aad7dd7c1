import { DEFAULT_ROUND_DIAMETER_MM, type RoundImprintSpec } from './imprint-spec';
import { starPoints } from './star';
import { mm } from './svg-text';
import { horizontalRun, upperArcRun } from './text-layout';

/**
 * The round official seal as SVG in millimetre units. Proportions follow the common 42 mm unit seal:
 * 1.2 mm ring, 14 mm star, unit name about 6 mm high along the upper arc, and everything scales with
 * the diameter.
 */
export function roundImprintSvg(
  spec: RoundImprintSpec,
  colour: string,
  fontFamily: string,
): { svg: string; widthMm: number; heightMm: number } {
  const d = spec.diameterMm ?? DEFAULT_ROUND_DIAMETER_MM;
  const k = d / DEFAULT_ROUND_DIAMETER_MM;
  const c = d / 2;
  const ring = 1.2 * k;
  const ringOuter = c - 0.15 * k; // a hair inside the canvas so anti-aliasing is not clipped
  const ringInner = ringOuter - ring;
  const nameSize = 6.2 * k;
  const nameOuter = ringInner - 0.9 * k;
  const sealNameSize = 4.6 * k;
  const sealNameY = c + 10.2 * k;
  const codeSize = 2.1 * k;
  const codeY = c + 16.2 * k;
  const chordAt = (dy: number) => 2 * Math.sqrt(Math.max(0, ringInner ** 2 - dy ** 2));
  const star = starPoints(c, c, 7 * k)
    .map(([x, y]) => `${mm(x)},${mm(y)}`)
    .join(' ');
  const parts = [
    `<circle cx="${mm(c)}" cy="${mm(c)}" r="${mm(ringOuter - ring / 2)}" fill="none" stroke="${colour}" stroke-width="${mm(ring)}"/>`,
    `<polygon points="${star}"/>`,
    upperArcRun(spec.unitName.trim(), c, c, nameOuter, nameSize, 220),
    horizontalRun((spec.sealName ?? '').trim(), c, sealNameY, sealNameSize, 0.85 * chordAt(sealNameY + sealNameSize / 2 - c)),
    horizontalRun(spec.sealCode ?? '', c, codeY, codeSize, 0.85 * chordAt(codeY + codeSize / 2 - c), 0.62),
  ];
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${mm(d)}mm" height="${mm(d)}mm" viewBox="0 0 ${mm(d)} ${mm(d)}">` +
    `<g fill="${colour}" font-family="${fontFamily}">${parts.join('')}</g></svg>`;
  return { svg, widthMm: d, heightMm: d };
}
