import type { AnchorResultDoc, AnchorResultState, AnchoredSignatureDoc } from './anchor-outbox.model';
import { onlyDuplicateKeys } from './anchor-outbox';
import type { SigningStore } from './signing-store';

/** A signing record's anchoring as callers see it: PENDING until its result is stored. */
export type AnchorStatus = Omit<AnchorResultDoc, '_id' | 'storedAt' | 'state'> & { state: 'PENDING' | AnchorResultState };

/** Each record's anchoring, one `_id` lookup per record (FerretDB scans for anything else). */
export async function readAnchorStatus(
  store: Pick<SigningStore, 'anchorResults'>,
  recordIds: readonly string[],
): Promise<Map<string, AnchorStatus>> {
  const results = await Promise.all(
    recordIds.map((id) => store.anchorResults.collection.findOne({ _id: id as never }) as Promise<AnchorResultDoc | null>),
  );
  return new Map(
    recordIds.map((id, i): [string, AnchorStatus] => {
      const result = results[i];
      if (!result) return [id, { state: 'PENDING' }];
      const { _id: _recordId, storedAt: _storedAt, ...status } = result;
      return [id, status];
    }),
  );
}

/**
 * The batch that anchored a signature, by its SM3: what the ledger needs to find the signature's
 * record (it keeps no key per signature). One `_id` read of `anchored_signatures` (the outbox stores a
 * signature there before its ANCHORED result). Only until the backfill below has run once (signatures
 * anchored before that collection existed) is a signature not there looked up through its record, by
 * its signatureSm3 — a scan on FerretDB, which public verification of junk signatures must not be able
 * to cause for ever. Undefined when no record of ours has it or it is not anchored yet.
 */
export async function batchOfSignature(
  store: Pick<SigningStore, 'records' | 'anchorResults' | 'anchoredSignatures' | 'claims'>,
  signatureSm3: string,
): Promise<string | undefined> {
  const indexed = (await store.anchoredSignatures.collection.findOne({ _id: signatureSm3 as never })) as AnchoredSignatureDoc | null;
  if (indexed) return indexed.batchId;
  if (await backfilled(store)) return undefined;
  const record = (await store.records.collection.findOne({ signatureSm3 }, { projection: { _id: 1 } })) as { _id: string } | null;
  if (!record) return undefined;
  const result = (await store.anchorResults.collection.findOne({ _id: record._id as never })) as AnchorResultDoc | null;
  return result?.state === 'ANCHORED' ? result.batchId : undefined;
}

/** Marks, in `signing_claims`, that every signature anchored before `anchored_signatures` existed is in it. */
export const ANCHORED_SIGNATURES_BACKFILLED = 'backfill:anchored-signatures';
const BACKFILL_CHUNK = 500;
const seenBackfilled = new WeakSet<object>();

async function backfilled(store: Pick<SigningStore, 'claims'>): Promise<boolean> {
  if (seenBackfilled.has(store.claims)) return true;
  if (!(await store.claims.exists({ _id: ANCHORED_SIGNATURES_BACKFILLED }))) return false;
  seenBackfilled.add(store.claims);
  return true;
}

/**
 * Puts every anchored signature of ours into `anchored_signatures` once (records anchored before it
 * existed), then marks it done; the periodic sweep calls it, and it returns at once afterwards. One pass
 * over the records, `_id` reads of their results; a repeat (another process, a crash) inserts nothing twice.
 */
export async function backfillAnchoredSignatures(
  store: Pick<SigningStore, 'records' | 'anchorResults' | 'anchoredSignatures' | 'claims'>,
): Promise<void> {
  if (await backfilled(store)) return;
  const records = store.records.collection.find({}, { projection: { _id: 1, signatureSm3: 1 } }).batchSize(BACKFILL_CHUNK);
  let chunk: Array<{ _id: string; signatureSm3: string }> = [];
  for await (const record of records as AsyncIterable<{ _id: string; signatureSm3: string }>) {
    chunk.push(record);
    if (chunk.length === BACKFILL_CHUNK) {
      await indexChunk(store, chunk);
      chunk = [];
    }
  }
  await indexChunk(store, chunk);
  try {
    await store.claims.create({ _id: ANCHORED_SIGNATURES_BACKFILLED, holder: 'backfill', at: new Date() });
  } catch (error) {
    if (!onlyDuplicateKeys(error)) throw error;
  }
  seenBackfilled.add(store.claims);
}

async function indexChunk(
  store: Pick<SigningStore, 'anchorResults' | 'anchoredSignatures'>,
  chunk: ReadonlyArray<{ _id: string; signatureSm3: string }>,
): Promise<void> {
  const results = await readAnchorStatus(
    store,
    chunk.map((r) => r._id),
  );
  const rows = chunk.flatMap((r) => {
    const status = results.get(r._id);
    return status?.state === 'ANCHORED' && status.batchId
      ? [{ _id: r.signatureSm3 as never, recordId: r._id, batchId: status.batchId }]
      : [];
  });
  if (rows.length === 0) return;
  try {
    await store.anchoredSignatures.collection.insertMany(rows, { ordered: false });
  } catch (error) {
    if (!onlyDuplicateKeys(error)) throw error;
  }
}
