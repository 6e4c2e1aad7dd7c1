/** 归档: archives (one per document version), their uploaded documents until packaged, and their packages. */
export * from './archive.model';
export { ArchiveStore } from './archive-store';
