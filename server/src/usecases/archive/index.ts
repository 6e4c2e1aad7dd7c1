/** 归档: archive packages of signed documents, made by the worker once the evidence is complete, signed with the service seal. */
export { MAX_ARCHIVED_DOCUMENT_BYTES, type ArchiveDeps, type ArchiveQueuePort } from './archive-deps';
export { requestArchive, type ArchiveRequest, type ArchiveRequested } from './request-archive';
export { completeEvidence } from './evidence-completeness';
export { produceArchive, type ArchiveOutcome } from './produce-archive';
export { archiveView, downloadArchive, getArchive, listArchives, packageOf, type ArchiveListQuery, type ArchiveView } from './read-archive';
