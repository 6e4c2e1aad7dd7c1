import { existsSync, readFileSync } from 'node:fs';
import { SealError } from '@eseal/core';

/** Debian's fonts-wqy-microhei (installed by setup): a TrueType CJK collection. */
export const DEFAULT_CERTIFICATE_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

export interface CertificateSettings {
  /** PUBLIC_BASE_URL, else this server's own address: what the certificates' QR codes open. */
  readonly publicBaseUrl: string;
  /** REPORT_FONT: the CJK TrueType font (or collection) of certificates and PDF reports. */
  readonly fontPath: string;
}

export function readCertificateSettings(env: Record<string, string | undefined>, server: { port: number }): CertificateSettings {
  const raw = env.PUBLIC_BASE_URL?.trim();
  if (raw && !/^https?:\/\/[^\s/]+/.test(raw)) {
    throw new SealError('CONFIG_INVALID', 'PUBLIC_BASE_URL: expected an http(s) URL', { details: { variable: 'PUBLIC_BASE_URL' } });
  }
  const fontPath = env.REPORT_FONT?.trim() || DEFAULT_CERTIFICATE_FONT;
  if (!existsSync(fontPath)) {
    throw new SealError('CONFIG_INVALID', `REPORT_FONT: no font at ${fontPath} (install fonts-wqy-microhei, or name a CJK TrueType font)`, {
      details: { variable: 'REPORT_FONT' },
    });
  }
  return { publicBaseUrl: raw ? raw.replace(/\/+$/, '') : `http://localhost:${server.port}`, fontPath };
}

/** The font file's bytes, read once per process. */
export function readReportFont(settings: CertificateSettings): Uint8Array {
  return new Uint8Array(readFileSync(settings.fontPath));
}
