import { existsSync, readFileSync } from 'node:fs';
import { SealError } from '@eseal/core';

/** Debian's fonts-wqy-microhei (installed by setup): a TrueType CJK collection. */
export const DEFAULT_REPORT_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

/** The CJK font of PDF reports and certificates: REPORT_FONT when set, else Debian's WenQuanYi Micro Hei. */
export function reportFontPath(env: Record<string, string | undefined>): string {
  return env.REPORT_FONT?.trim() || DEFAULT_REPORT_FONT;
}

/** Reads the font on first use and keeps it: a server that never renders a PDF report never needs it. */
export function reportFontLoader(path: string = DEFAULT_REPORT_FONT): () => Uint8Array {
  let font: Uint8Array | undefined;
  return () => {
    if (font === undefined) {
      if (!existsSync(path)) {
        throw new SealError('CONFIG_INVALID', `REPORT_FONT: no font at ${path} (install fonts-wqy-microhei, or name a CJK TrueType font)`, {
          details: { variable: 'REPORT_FONT' },
        });
      }
      font = new Uint8Array(readFileSync(path));
    }
    return font;
  };
}
