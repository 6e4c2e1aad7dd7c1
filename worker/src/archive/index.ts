export { ARCHIVE_QUEUE, ARCHIVE_JOB_NAME, archiveJobOptions, parseArchiveJob, type ArchiveJobV1 } from './archive-job';
export { archiveProcessor, processArchive } from './archive-processor';
export type { ArchivePorts, ArchiveProducerPort, ArchiveReady, ProducedArchive } from './ports';
