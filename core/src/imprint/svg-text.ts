/** Escapes text for an SVG text node or attribute: names on seals come from applicants. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Formats a length in mm for SVG: short, stable output so the same input gives the same bytes. */
export function mm(value: number): string {
  return (Math.round(value * 1000) / 1000).toString();
}

/**
 * One glyph centred on (0, 0) of its local frame. CJK glyphs sit on an em box whose optical centre is
 * about 0.38 em above the baseline, so the baseline goes that far below the origin.
 */
export function centredGlyph(char: string, fontSize: number, scaleX = 1): string {
  const scale = scaleX === 1 ? '' : ` transform="scale(${mm(scaleX)} 1)"`;
  return `<text x="0" y="${mm(fontSize * 0.38)}" font-size="${mm(fontSize)}" text-anchor="middle"${scale}>${escapeXml(char)}</text>`;
}
