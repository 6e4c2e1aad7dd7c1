/** The verification report's readable forms: a self-contained HTML page and a Chinese PDF. */
export type { ReadableReport } from './readable-report';
export { verificationReportHtml, REPORT_STYLE_HASH } from './verification-report-html';
export { verificationReportPdf } from './verification-report-pdf';
