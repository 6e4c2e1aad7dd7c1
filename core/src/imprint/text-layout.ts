import { centredGlyph, mm } from './svg-text';

/**
 * A horizontal run of glyphs centred on (cx, cy), each glyph placed on its own so spacing does not
 * depend on the font's advance widths. When the run is too wide the glyphs are narrowed (as engravers
 * do with long names) rather than shrunk, keeping the height of the text.
 */
export function horizontalRun(text: string, cx: number, cy: number, fontSize: number, maxWidth: number, pitch = 1.05): string {
  const chars = [...text];
  if (chars.length === 0) return '';
  const advance = Math.min(fontSize * pitch, maxWidth / chars.length);
  const scaleX = Math.min(1, advance / fontSize);
  return chars
    .map((c, i) => {
      const x = cx + (i - (chars.length - 1) / 2) * advance;
      return `<g transform="translate(${mm(x)} ${mm(cy)})">${centredGlyph(c, fontSize, scaleX)}</g>`;
    })
    .join('');
}

/**
 * Glyphs along the upper arc of a circle, clockwise, each rotated so its top faces outwards; their
 * outer edge touches `outerRadius`.
 * The arc grows with the number of glyphs up to `maxSpanDeg`; past that the glyphs are narrowed.
 */
export function upperArcRun(text: string, cx: number, cy: number, outerRadius: number, maxFontSize: number, maxSpanDeg: number): string {
  const chars = [...text];
  const n = chars.length;
  if (n === 0) return '';
  // Very long names get smaller glyphs as well as narrower ones (down to 75%), keeping the outer edge in place.
  const maxSpan = (maxSpanDeg * Math.PI) / 180;
  const squeeze = (maxSpan * (outerRadius - maxFontSize / 2)) / Math.max(1, n - 1) / maxFontSize;
  const fontSize = maxFontSize * Math.min(1, Math.max(0.75, squeeze / 0.55));
  const radius = outerRadius - fontSize / 2;
  // Engraved names use tall, narrow (长宋) glyphs: at most 82% of their natural width.
  const naturalStep = (fontSize * 0.95) / radius; // radians per glyph
  const maxStep = n > 1 ? maxSpan / (n - 1) : naturalStep;
  // Short names are spread out, as engravers do, rather than bunched at the top of the ring.
  const minStep = n > 1 ? Math.min((150 * Math.PI) / 180 / (n - 1), (40 * Math.PI) / 180) : naturalStep;
  const step = Math.min(Math.max(naturalStep, minStep), maxStep);
  const scaleX = Math.min(0.82, (step * radius * 0.92) / fontSize);
  return chars
    .map((c, i) => {
      const angle = (i - (n - 1) / 2) * step; // 0 = straight up
      const x = cx + radius * Math.sin(angle);
      const y = cy - radius * Math.cos(angle);
      const deg = (angle * 180) / Math.PI;
      return `<g transform="translate(${mm(x)} ${mm(y)}) rotate(${mm(deg)})">${centredGlyph(c, fontSize, scaleX)}</g>`;
    })
    .join('');
}
