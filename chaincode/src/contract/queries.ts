import type { Context } from 'fabric-contract-api';
import { fromBytes } from './canonical-json';
import { ChaincodeError } from './errors';
import { KEY_TYPES, batchEntriesKey, batchKey, legacySignatureKey, sealKey } from './keys';
import type { AnchorEntry, BatchRecord, SealHistoryEntry, SealPage, SealRecord, SignatureRecord } from './model';
import { mustReadCanonicalJson, mustReadJson, readJson, readText } from './state';

export const MAX_PAGE_SIZE = 100;

/** The seal record (SealRecord) as stored, which is already the canonical JSON a query answers with. */
export function getSeal(ctx: Context, sealId: string): Promise<string> {
  return mustReadCanonicalJson(ctx, sealKey(ctx, sealId), 'seal', sealId);
}

/** Every committed version of the seal record, newest first (Fabric's history order). */
export async function getSealHistory(ctx: Context, sealId: string): Promise<SealHistoryEntry[]> {
  const out: SealHistoryEntry[] = [];
  for await (const mod of ctx.stub.getHistoryForKey(sealKey(ctx, sealId))) {
    const ms = Number(mod.timestamp.seconds.toString()) * 1000 + Math.floor(mod.timestamp.nanos / 1_000_000);
    out.push({
      txId: mod.txId,
      timestamp: new Date(ms).toISOString(),
      isDelete: mod.isDelete,
      seal: mod.isDelete || mod.value.length === 0 ? null : fromBytes<SealRecord>(mod.value),
    });
  }
  if (out.length === 0) throw new ChaincodeError('NOT_FOUND', `seal ${sealId} not found`, { seal: sealId });
  return out;
}

/** One page of a unit's seals in seal-id order, from the unit~seal index (a LevelDB range scan). */
export async function querySealsByUnit(ctx: Context, unitId: string, pageSize: number, bookmark: string): Promise<SealPage> {
  const { iterator, metadata } = await ctx.stub.getStateByPartialCompositeKeyWithPagination(
    KEY_TYPES.unitIndex,
    [unitId],
    pageSize,
    bookmark,
  );
  // Fabric pages only in evaluated (read-only) transactions: in a submitted one the peer answers with
  // no pagination metadata (and the whole range), which is a caller mistake, not a page.
  if (metadata === undefined || metadata === null) {
    await iterator.close();
    throw new ChaincodeError(
      'VALIDATION_FAILED',
      'QuerySealsByUnit is a paginated query that Fabric serves only when evaluated; evaluate it instead of submitting it',
      {
        transaction: 'QuerySealsByUnit',
      },
    );
  }
  const seals: SealRecord[] = [];
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const { attributes } = ctx.stub.splitCompositeKey(next.value.key);
      const seal = await readJson<SealRecord>(ctx, sealKey(ctx, attributes[1]!));
      if (seal !== undefined) seals.push(seal);
    }
  } finally {
    await iterator.close();
  }
  return { seals, bookmark: metadata.bookmark, fetched: metadata.fetchedRecordsCount };
}

/**
 * One signature of an anchored batch, as a SignatureRecord (the entry with its batch's time and
 * transaction). Found through its batch: the ledger keeps no key per signature (the service knows each
 * record's batch, a proof bundle names it). Batches anchored before entries were kept under one key
 * are answered from their per-signature keys. NOT_FOUND when the batch or the signature in it is unknown.
 */
export async function getBatchSignature(ctx: Context, batchId: string, signatureSm3: string): Promise<SignatureRecord> {
  const batch = await mustReadJson<BatchRecord>(ctx, batchKey(ctx, batchId), 'batch', batchId);
  const entries = await readText(ctx, batchEntriesKey(ctx, batchId));
  if (entries === undefined) return legacySignature(ctx, batchId, signatureSm3);
  const entry = entryWithSignature(entries, signatureSm3);
  if (entry === undefined) throw signatureNotInBatch(batchId, signatureSm3);
  return { docType: 'signature', ...entry, batchId, anchoredAt: batch.anchoredAt, txId: batch.txId };
}

/**
 * The entry of a batch's stored entries with this signature, found without parsing the whole value (a
 * batch holds up to 10,000 entries, ~2.7 MB of JSON, and a court checking many files asks for many).
 * The value is the canonical JSON AnchorBatch wrote of validated entries, whose values hold no braces
 * or quotes (validate.ts): the object around `"signatureSm3":"<hash>"` is exactly that entry, and it is
 * parsed and compared before it is answered. `signatureSm3` is 64 hex digits (checked by the caller).
 */
export function entryWithSignature(entriesJson: string, signatureSm3: string): AnchorEntry | undefined {
  const at = entriesJson.indexOf(`"signatureSm3":"${signatureSm3}"`);
  if (at < 0) return undefined;
  const start = entriesJson.lastIndexOf('{', at);
  const end = entriesJson.indexOf('}', at);
  if (start < 0 || end < 0) return undefined;
  const entry = JSON.parse(entriesJson.slice(start, end + 1)) as AnchorEntry;
  return entry.signatureSm3 === signatureSm3 ? entry : undefined;
}

async function legacySignature(ctx: Context, batchId: string, signatureSm3: string): Promise<SignatureRecord> {
  const record = await readJson<SignatureRecord>(ctx, legacySignatureKey(ctx, signatureSm3));
  if (record === undefined || record.batchId !== batchId) throw signatureNotInBatch(batchId, signatureSm3);
  return record;
}

function signatureNotInBatch(batchId: string, signatureSm3: string): ChaincodeError {
  return new ChaincodeError('NOT_FOUND', `signature ${signatureSm3} is not in batch ${batchId}`, {
    batch: batchId,
    signature: signatureSm3,
  });
}

/** The BatchRecord as stored (canonical JSON). */
export function getBatch(ctx: Context, batchId: string): Promise<string> {
  return mustReadCanonicalJson(ctx, batchKey(ctx, batchId), 'batch', batchId);
}
