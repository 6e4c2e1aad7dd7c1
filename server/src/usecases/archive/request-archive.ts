import { isZipFile, SealError, sm3Hex } from '@eseal/core';
import { assertAllowed, auditActor, type Caller } from '../../access';
import type { ArchiveRetention, ArchiveState } from '../../store/archive';
import { signingChainOf } from '../evidence/document-bundle';
import { MAX_ARCHIVED_DOCUMENT_BYTES, type ArchiveDeps } from './archive-deps';

export interface ArchiveRequest {
  /** The signed document as this service returned it from a signing. */
  document: Uint8Array;
  /** 题名; default: the document's SM3. */
  title?: string;
  /** 保管期限; default PERMANENT. */
  retention?: ArchiveRetention;
}

export interface ArchiveRequested {
  /** The document's SM3: one package per document version. */
  archiveId: string;
  state: ArchiveState;
  /** False when this document version was asked for before (its archive is answered as it stands). */
  created: boolean;
}

/**
 * 归档 of a signed document: the caller hands the file back (the service keeps no signed documents);
 * it is archived only if a signature of this service produced exactly these bytes (its SM3 is some
 * signing record's resulting document). Keeps the document, records the archive PENDING under the
 * document's SM3 (a unique insert: asking twice gives the same archive) and queues the job, which
 * waits for the evidence to be complete. Answers at once.
 */
export async function requestArchive(
  deps: Pick<ArchiveDeps, 'archives' | 'signing' | 'queue' | 'clock'>,
  caller: Caller,
  input: ArchiveRequest,
): Promise<ArchiveRequested> {
  assertAllowed(caller, 'archive.create');
  assertArchivable(input.document);
  const archiveId = sm3Hex(input.document);
  const chain = await signingChainOf(deps, archiveId);
  const unitId = chain.at(-1)!.unitId;
  assertAllowed(caller, 'archive.create', { unitId });

  const existing = await deps.archives.load(archiveId);
  if (existing === null) {
    const created = await deps.archives.create(
      {
        _id: archiveId,
        unitId,
        recordIds: chain.map((r) => r._id),
        title: input.title ?? `document ${archiveId}`,
        retention: input.retention ?? 'PERMANENT',
        documentSize: input.document.length,
        requestedBy: auditActor(caller),
        requestedAt: deps.clock(),
      },
      input.document,
    );
    if (created) {
      await deps.queue.enqueue(archiveId).catch(() => undefined);
      return { archiveId, state: 'PENDING', created: true };
    }
  }
  // Asked before (or by a concurrent request): the archive as it stands; a failed one starts again.
  const current = existing ?? (await deps.archives.load(archiveId));
  if (current === null) throw new SealError('INTERNAL', 'the archive was neither created nor found');
  if (current.state === 'READY') await deps.archives.forgetDocument(archiveId); // a late repeat's copy
  if (current.state === 'FAILED') await deps.archives.reopen(archiveId);
  if (current.state !== 'READY') await deps.queue.enqueue(archiveId).catch(() => undefined);
  return { archiveId, state: current.state === 'FAILED' ? 'PENDING' : current.state, created: false };
}

/** A PDF or an OFD within the package's size limit; whether it is ours is decided by its SM3. */
function assertArchivable(document: Uint8Array): void {
  if (document.length > MAX_ARCHIVED_DOCUMENT_BYTES) {
    throw new SealError('PAYLOAD_TOO_LARGE', `a document archived here is at most ${MAX_ARCHIVED_DOCUMENT_BYTES} bytes`, {
      details: { bytes: document.length, limit: MAX_ARCHIVED_DOCUMENT_BYTES },
    });
  }
  if (!isZipFile(document) && Buffer.from(document.subarray(0, 1024)).indexOf('%PDF-') < 0) {
    throw new SealError('PDF_MALFORMED', 'the document is neither a PDF (no %PDF- header) nor an OFD (no zip header)');
  }
}
