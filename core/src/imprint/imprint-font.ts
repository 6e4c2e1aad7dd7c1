import { existsSync } from 'node:fs';
import { SealError } from '../errors';

/**
 * Development imprints need a CJK font with a Song (宋体) style, the face seal engravers use.
 * Noto Serif SC Bold ships through the package registry (@expo-google-fonts/noto-serif-sc, OFL-1.1),
 * so `npm install` is the whole setup. Any other TTF/OTF with CJK glyphs can be passed instead.
 */
export const DEFAULT_IMPRINT_FONT_MODULE = '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf';
export const DEFAULT_IMPRINT_FONT_FAMILY = 'Noto Serif SC';

export interface ImprintFont {
  readonly file: string;
  readonly family: string;
}

/** The font to draw with: the given file, or the packaged default. Fails with a coded error, never a blank imprint. */
export function resolveImprintFont(override?: ImprintFont): ImprintFont {
  if (override !== undefined) {
    if (!existsSync(override.file)) {
      throw new SealError('DEPENDENCY_UNAVAILABLE', 'the imprint font file does not exist', { details: { file: override.file } });
    }
    return override;
  }
  try {
    return { file: require.resolve(DEFAULT_IMPRINT_FONT_MODULE), family: DEFAULT_IMPRINT_FONT_FAMILY };
  } catch (cause) {
    throw new SealError(
      'DEPENDENCY_UNAVAILABLE',
      'the CJK imprint font is not installed: run npm install (package @expo-google-fonts/noto-serif-sc)',
      { details: { module: DEFAULT_IMPRINT_FONT_MODULE }, cause },
    );
  }
}
