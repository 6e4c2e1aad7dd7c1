import type { PersonalImprintSpec } from './imprint-spec';
import { mm } from './svg-text';
import { horizontalRun } from './text-layout';

/**
 * A personal (position) seal: the holder's name, with 印 by default, inside a rectangular or oval
 * border. The default width follows the number of characters so short names are not stretched.
 */
export function personalImprintSvg(
  spec: PersonalImprintSpec,
  colour: string,
  fontFamily: string,
): { svg: string; widthMm: number; heightMm: number } {
  const text = spec.personName.trim() + (spec.suffix ?? '印');
  const n = [...text].length;
  const oval = spec.shape === 'OVAL';
  const h = spec.heightMm ?? (oval ? 12 : 10);
  const w = spec.widthMm ?? Math.max(oval ? 20 : 16, n * 6.2 + (oval ? 8 : 4));
  const stroke = Math.max(0.6, h * 0.08);
  const inset = stroke / 2 + 0.15;
  const fontSize = h - 2 * stroke - (oval ? 4.2 : 2.2);
  // An ellipse is narrower away from its middle line; keep the text inside the part where it is tall enough.
  const usableWidth = oval ? (w - 2 * stroke) * 0.72 : w - 2 * stroke - 1.4;
  const border = oval
    ? `<ellipse cx="${mm(w / 2)}" cy="${mm(h / 2)}" rx="${mm(w / 2 - inset)}" ry="${mm(h / 2 - inset)}" fill="none" stroke="${colour}" stroke-width="${mm(stroke)}"/>`
    : `<rect x="${mm(inset)}" y="${mm(inset)}" width="${mm(w - 2 * inset)}" height="${mm(h - 2 * inset)}" rx="${mm(stroke * 0.6)}" fill="none" stroke="${colour}" stroke-width="${mm(stroke)}"/>`;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${mm(w)}mm" height="${mm(h)}mm" viewBox="0 0 ${mm(w)} ${mm(h)}">` +
    `<g fill="${colour}" font-family="${fontFamily}">${border}${horizontalRun(text, w / 2, h / 2, fontSize, usableWidth)}</g></svg>`;
  return { svg, widthMm: w, heightMm: h };
}
