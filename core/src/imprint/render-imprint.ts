import type { Resvg as ResvgClass } from '@resvg/resvg-js';
import { SealError } from '../errors';
import { imprintDigest } from './imprint-digest';
import { resolveImprintFont, type ImprintFont } from './imprint-font';
import { validateImprintSpec, type ImprintSpec } from './imprint-spec';
import { withPhysicalSize } from './png-physical-size';
import { personalImprintSvg } from './personal-imprint-svg';
import { roundImprintSvg } from './round-imprint-svg';
import { escapeXml } from './svg-text';

export interface RenderImprintOptions {
  /** Pixels per inch; 300 makes a 42 mm seal about 496 px wide. */
  readonly dpi?: number;
  /** Fill and stroke colour; seal red by default. */
  readonly colour?: string;
  readonly font?: ImprintFont;
}

export interface RenderedImprint {
  /** RGBA PNG with a transparent background and a pHYs chunk stating the dpi. */
  readonly png: Uint8Array;
  readonly widthPx: number;
  readonly heightPx: number;
  readonly widthMm: number;
  readonly heightMm: number;
  /** imprintDigest(png) */
  readonly sm3: string;
  /** The drawing the PNG was made from, for pages that want a vector version. */
  readonly svg: string;
}

export const IMPRINT_RED = '#E60012';

/** Builds the imprint's SVG (millimetre units) without rasterising it. */
export function imprintSvg(
  spec: ImprintSpec,
  colour: string = IMPRINT_RED,
  fontFamily: string,
): { svg: string; widthMm: number; heightMm: number } {
  validateImprintSpec(spec);
  if (!/^#[0-9A-Fa-f]{6}$/.test(colour)) {
    throw new SealError('VALIDATION_FAILED', 'imprint colour must be #RRGGBB', { details: { field: 'colour' } });
  }
  const family = escapeXml(fontFamily);
  return spec.shape === 'ROUND' ? roundImprintSvg(spec, colour, family) : personalImprintSvg(spec, colour, family);
}

/**
 * Draws a development imprint as PNG. Real imprints come from the public-security engraving system;
 * this one stands in for it in development, tests and demos, and looks like the real thing so people
 * reviewing pages and PDFs see what users will see.
 */
export function renderImprint(spec: ImprintSpec, options: RenderImprintOptions = {}): RenderedImprint {
  const dpi = options.dpi ?? 300;
  if (!(Number.isFinite(dpi) && dpi >= 72 && dpi <= 1200)) {
    throw new SealError('VALIDATION_FAILED', 'imprint dpi must be between 72 and 1200', { details: { field: 'dpi' } });
  }
  const font = resolveImprintFont(options.font);
  const { svg, widthMm, heightMm } = imprintSvg(spec, options.colour ?? IMPRINT_RED, font.family);
  const widthPx = Math.round((widthMm / 25.4) * dpi);
  // System fonts stay out so the same spec draws the same pixels on every machine.
  const rendered = new (resvg())(svg, {
    fitTo: { mode: 'width', value: widthPx },
    font: { fontFiles: [font.file], loadSystemFonts: false, defaultFontFamily: font.family },
  }).render();
  const png = withPhysicalSize(rendered.asPng(), dpi);
  return { png, widthPx: rendered.width, heightPx: rendered.height, widthMm, heightMm, sm3: imprintDigest(png), svg };
}

let resvgClass: typeof ResvgClass | undefined;

/**
 * The native rasteriser, loaded on first use: loading it probes the C library and costs every
 * process that imports core (a `seal verify` never draws an imprint) tens of milliseconds.
 */
function resvg(): typeof ResvgClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (resvgClass ??= (require('@resvg/resvg-js') as typeof import('@resvg/resvg-js')).Resvg);
}
