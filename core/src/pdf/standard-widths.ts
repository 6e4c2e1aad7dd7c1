/**
 * Advance widths (1/1000 em) of printable ASCII in Helvetica, from its Adobe font metrics: the
 * standard-14 fonts carry no /Widths, and Helvetica/Arial is by far the most common of them.
 * Courier is monospaced at 600. Used only to estimate where text sits for a text anchor.
 */
const HELVETICA_32_126 = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space … /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 … ?
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ … O
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P … _
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` … o
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p … ~
];

/** Width of `code` in a standard-14 font named `baseFont`, or undefined when we have no table. */
export function standardFontWidth(baseFont: string, code: number): number | undefined {
  if (/Courier/i.test(baseFont)) return 600;
  if (/Helvetica|Arial/i.test(baseFont) && code >= 32 && code <= 126) return HELVETICA_32_126[code - 32];
  return undefined;
}
