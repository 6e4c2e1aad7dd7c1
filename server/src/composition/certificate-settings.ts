import { SealError } from '@eseal/core';
import { reportFontLoader, reportFontPath } from '../infra/report-font';

export interface CertificateSettings {
  /** PUBLIC_BASE_URL, else this server's own address: what the certificates' QR codes open. */
  readonly publicBaseUrl: string;
  /** PUBLIC_BASE_URL was unset: the QR codes open localhost, which only works on this machine. */
  readonly publicBaseUrlDefaulted: boolean;
  /** REPORT_FONT: the CJK TrueType font (or collection) of certificates and PDF reports. */
  readonly fontPath: string;
}

export function readCertificateSettings(env: Record<string, string | undefined>, server: { port: number }): CertificateSettings {
  const raw = env.PUBLIC_BASE_URL?.trim();
  if (raw && !/^https?:\/\/[^\s/]+/.test(raw)) {
    throw new SealError('CONFIG_INVALID', 'PUBLIC_BASE_URL: expected an http(s) URL', { details: { variable: 'PUBLIC_BASE_URL' } });
  }
  return {
    publicBaseUrl: raw ? raw.replace(/\/+$/, '') : `http://localhost:${server.port}`,
    publicBaseUrlDefaulted: !raw,
    fontPath: reportFontPath(env),
  };
}

/** The font file's bytes, read at start-up: a certificate server without its font stops with CONFIG_INVALID. */
export function readReportFont(settings: CertificateSettings): Uint8Array {
  return reportFontLoader(settings.fontPath)();
}
