export { writeReportPdf } from './write-report-pdf';
export type { ReportBlock, ReportDocument, SealSpot, WrittenReport } from './report-document';
