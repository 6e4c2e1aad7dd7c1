import type { ResponseRendering } from '../http/api-router';
import { contentSecurityPolicyAllowingStyle } from '../http/security/security-headers';
import { REPORT_STYLE_HASH, verificationReportHtml, verificationReportPdf, type ReadableReport } from '../usecases/evidence/report';

/** `?format=html` / `Accept: text/html` and `?format=pdf` / `Accept: application/pdf` on the verify endpoints. */
export function verificationReportRenderings(
  reportFont: () => Uint8Array,
  clock: () => Date = () => new Date(),
): ResponseRendering<ReadableReport>[] {
  return [
    {
      format: 'html',
      contentType: 'text/html',
      render: (report) => ({
        data: verificationReportHtml(report, clock()),
        headers: { 'Content-Security-Policy': contentSecurityPolicyAllowingStyle(REPORT_STYLE_HASH) },
      }),
    },
    {
      format: 'pdf',
      contentType: 'application/pdf',
      render: (report) => ({ data: verificationReportPdf(report, reportFont(), clock()), filename: 'verification-report.pdf' }),
    },
  ];
}
