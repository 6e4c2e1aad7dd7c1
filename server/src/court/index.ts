/** The court role: reads of handed documents and evidence numbers, each recorded for the unit. */
export { evidenceReadModel, type EvidenceReadDoc } from './evidence-read.model';
export * from './court-reads';
export { recordCourtReads, type CourtReadRecorder } from './record-reads';
export * from './court-certificates';
export { downloadHandedArchive, listHandedArchives, type CourtArchiveDeps } from './court-archive-reads';
