import { SealError } from '@eseal/core';
import type { Model } from 'mongoose';
import { assertAllowed, auditActor, type Caller } from '../access';
import { newId } from '../store';
import type { ArchiveStore } from '../store/archive';
import type { ListPage } from '../store/list-page';
import { archiveView, packageOf, type ArchiveView } from '../usecases/archive';
import type { EvidenceReadDoc } from './evidence-read.model';

export interface CourtArchiveDeps {
  readonly archives: ArchiveStore;
  readonly reads: Pick<Model<EvidenceReadDoc>, 'insertMany'>;
  readonly clock: () => Date;
}

/** One row for the archive's unit, written before the answer leaves: a read that cannot be recorded is not answered. */
async function recordRead(
  deps: CourtArchiveDeps,
  caller: Caller,
  archive: { _id: string; unitId: string; recordIds: string[] },
): Promise<void> {
  const row: EvidenceReadDoc = {
    _id: newId('read'),
    unitId: archive.unitId,
    reader: auditActor(caller),
    what: 'ARCHIVE',
    documentSm3: archive._id,
    recordIds: archive.recordIds,
    at: deps.clock(),
  };
  await deps.reads.insertMany([row]);
}

/**
 * The archives of a document the court was handed (named by its SM3: one package per document
 * version, so at most one item). Listing an existing archive is a read, recorded for its unit.
 */
export async function listHandedArchives(deps: CourtArchiveDeps, caller: Caller, documentSm3: string): Promise<ListPage<ArchiveView>> {
  assertAllowed(caller, 'court.evidence.read');
  const archive = await deps.archives.load(documentSm3);
  if (archive === null) return { items: [] };
  await recordRead(deps, caller, archive);
  return { items: [archiveView(archive)] };
}

/** The archive package of a document the court holds; the read is recorded for the unit first. */
export async function downloadHandedArchive(
  deps: CourtArchiveDeps,
  caller: Caller,
  documentSm3: string,
): Promise<{ data: Uint8Array; filename: string }> {
  assertAllowed(caller, 'court.evidence.read');
  const archive = await deps.archives.load(documentSm3);
  if (archive === null) throw new SealError('NOT_FOUND', 'no archive of this document', { details: { documentSm3 } });
  const file = await packageOf(deps, archive);
  await recordRead(deps, caller, archive);
  return file;
}
