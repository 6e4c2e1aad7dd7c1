import { SealError } from '@eseal/core';
import { assertAllowed, type Caller } from '../../access';
import type { ArchiveDoc } from '../../store/archive';
import type { ListPage, PageRequest } from '../../store/list-page';
import type { ArchiveDeps } from './archive-deps';

/** An archive as the API shows it. */
export interface ArchiveView {
  archiveId: string;
  documentSm3: string;
  unitId: string;
  state: ArchiveDoc['state'];
  title: string;
  retention: ArchiveDoc['retention'];
  documentSize: number;
  requestedAt: string;
  readyAt?: string;
  /** Set while it keeps failing (a signature not anchored yet, a court chain not answered yet). */
  lastError?: string;
  packageSm3?: string;
  packageSize?: number;
  /** The document's verdict at archiving. */
  verdict?: string;
}

export function archiveView(doc: ArchiveDoc): ArchiveView {
  return {
    archiveId: doc._id,
    documentSm3: doc._id,
    unitId: doc.unitId,
    state: doc.state,
    title: doc.title,
    retention: doc.retention,
    documentSize: doc.documentSize,
    requestedAt: new Date(doc.requestedAt).toISOString(),
    ...(doc.readyAt ? { readyAt: new Date(doc.readyAt).toISOString() } : {}),
    ...(doc.lastError && doc.state !== 'READY' ? { lastError: doc.lastError } : {}),
    ...(doc.packageSm3 ? { packageSm3: doc.packageSm3 } : {}),
    ...(doc.packageSize !== undefined ? { packageSize: doc.packageSize } : {}),
    ...(doc.verdict ? { verdict: doc.verdict } : {}),
  };
}

async function readable(deps: Pick<ArchiveDeps, 'archives'>, caller: Caller, archiveId: string): Promise<ArchiveDoc> {
  const doc = await deps.archives.load(archiveId);
  // Same order as the proof bundles: NOT_FOUND, then FORBIDDEN (an id is the SM3 of a file the caller holds).
  if (doc === null) throw new SealError('NOT_FOUND', 'no archive of this document', { details: { archiveId } });
  assertAllowed(caller, 'archive.read', { unitId: doc.unitId });
  return doc;
}

/** A PENDING archive's job is queued again (a no-op while BullMQ holds it), so a lost enqueue heals on the next poll. */
export async function getArchive(deps: Pick<ArchiveDeps, 'archives' | 'queue'>, caller: Caller, archiveId: string): Promise<ArchiveView> {
  const doc = await readable(deps, caller, archiveId);
  if (doc.state === 'PENDING') await deps.queue.enqueue(archiveId).catch(() => undefined);
  return archiveView(doc);
}

export interface ArchiveListQuery extends PageRequest {
  unitId?: string;
}

/** The archives of one unit (the caller's by default), in `_id` order; city-wide roles may list every unit's. */
export async function listArchives(
  deps: Pick<ArchiveDeps, 'archives'>,
  caller: Caller,
  query: ArchiveListQuery,
): Promise<ListPage<ArchiveView>> {
  const unitId = query.unitId ?? defaultUnit(caller);
  if (unitId === undefined && caller.kind === 'api-client') {
    // A key for several units must say which one: an unscoped query would read across units.
    throw new SealError('VALIDATION_FAILED', 'give unitId', { details: { field: 'unitId' } });
  }
  assertAllowed(caller, 'archive.read', unitId === undefined ? {} : { unitId });
  const page = await deps.archives.list(unitId === undefined ? {} : { unitId }, query);
  return { items: page.items.map(archiveView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

function defaultUnit(caller: Caller): string | undefined {
  if (caller.kind === 'api-client') return caller.unitIds?.length === 1 ? caller.unitIds[0] : undefined;
  return caller.unitId;
}

/** The package of a READY archive, else ARCHIVE_NOT_READY. */
export async function packageOf(deps: Pick<ArchiveDeps, 'archives'>, doc: ArchiveDoc): Promise<{ data: Uint8Array; filename: string }> {
  const file = doc.state === 'READY' ? await deps.archives.loadPackage(doc._id) : undefined;
  if (file === undefined) {
    throw new SealError('ARCHIVE_NOT_READY', 'the archive package is not made yet: follow its status', {
      details: { archiveId: doc._id, state: doc.state },
    });
  }
  return { data: new Uint8Array(file.package), filename: `${doc._id}.eep.xml` };
}

export async function downloadArchive(
  deps: Pick<ArchiveDeps, 'archives'>,
  caller: Caller,
  archiveId: string,
): Promise<{ data: Uint8Array; filename: string }> {
  return packageOf(deps, await readable(deps, caller, archiveId));
}
