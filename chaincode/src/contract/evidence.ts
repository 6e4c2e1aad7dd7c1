import { createHash } from 'node:crypto';
import type { Context } from 'fabric-contract-api';
import { batchRoot } from './batch-root';
import { canonicalJson } from './canonical-json';
import { ChaincodeError } from './errors';
import { batchEntriesKey, batchKey, sealKey } from './keys';
import type { AnchorBatchInput, AnchorEntry, AnchorResult, BatchEventPayload, BatchRecord, SealRecord } from './model';
import { standingAt } from './seal-timeline';
import { emit, readJson, writeJson } from './state';
import { txTimeMs } from './tx-time';
import { asObject, field, onlyFields, parseObject } from './validate';

/** Upper bound per transaction, keeping proposals well under the orderer's message size limit. */
export const MAX_BATCH_ENTRIES = 10_000;
/** How far a signing time may lead the transaction time (clock differences between servers). */
export const SIGNING_CLOCK_SKEW_MS = 5 * 60 * 1000;
/** Error details list at most this many offending entries; the count is always complete. */
const MAX_LISTED = 50;

export function parseAnchorBatch(raw: string): AnchorBatchInput {
  const o = parseObject(raw, 'batch');
  onlyFields(o, ['batchId', 'root', 'entries'], 'batch');
  const batchId = field.recordId(o, 'batchId');
  const root = field.sm3(o, 'root');
  const entries = field.array(o, 'entries', 1, MAX_BATCH_ENTRIES).map((item, i) => parseEntry(item, i));
  assertUnique(entries, (e) => e.signatureSm3, 'signatureSm3');
  assertUnique(entries, (e) => e.recordId, 'recordId');
  const rebuilt = batchRoot(entries);
  if (rebuilt !== root) {
    throw new ChaincodeError('VALIDATION_FAILED', 'root is not the Merkle root of the entries', { field: 'root', rebuilt });
  }
  return { batchId, root, entries };
}

function parseEntry(item: unknown, index: number): AnchorEntry {
  const o = asObject(item, `entries[${index}]`);
  onlyFields(o, ['recordId', 'sealId', 'signedAt', 'signatureSm3', 'documentSm3'], `entries[${index}]`);
  return {
    recordId: field.recordId(o, 'recordId'),
    sealId: field.sealId(o, 'sealId'),
    signedAt: field.time(o, 'signedAt'),
    signatureSm3: field.sm3(o, 'signatureSm3'),
    documentSm3: field.sm3(o, 'documentSm3'),
  };
}

function assertUnique(entries: AnchorEntry[], pick: (e: AnchorEntry) => string, name: string): void {
  // Reads do not see this transaction's writes, so duplicates inside one batch are caught here, in memory.
  const seen = new Set<string>();
  for (const e of entries) {
    const value = pick(e);
    if (seen.has(value)) throw new ChaincodeError('VALIDATION_FAILED', `duplicate ${name} ${value} in batch`, { field: name });
    seen.add(value);
  }
}

export function entriesDigest(entries: readonly AnchorEntry[]): string {
  return sm3Hex(canonicalJson(entries));
}

const sm3Hex = (text: string) => createHash('sm3').update(text).digest('hex');

/**
 * Anchors a Merkle batch of signing records in one transaction that writes two keys whatever its size:
 * the batch record (root, entry count, SM3 of the entries) and the entries themselves as one value.
 * Every entry's seal must have been active when it signed (one read per seal), none may be signed in
 * the future, and a repeat of the same batch is a no-op. A signature anchored again in another batch is
 * not refused: that would need a read per entry, and the earliest anchor stays the proof (see README).
 */
export async function anchorBatch(ctx: Context, input: AnchorBatchInput, callerMsp: string): Promise<AnchorResult> {
  const entriesText = canonicalJson(input.entries);
  const entriesSm3 = sm3Hex(entriesText);
  const existing = await readJson<BatchRecord>(ctx, batchKey(ctx, input.batchId));
  if (existing !== undefined) {
    if (existing.root === input.root && existing.entriesSm3 === entriesSm3) return { batch: existing, created: false };
    throw new ChaincodeError('LEDGER_CONFLICT', `batch ${input.batchId} is already anchored with other content`, {
      batchId: input.batchId,
      anchoredRoot: existing.root,
    });
  }
  const now = txTimeMs(ctx);
  assertNotSignedInFuture(input.entries, now);
  await assertSealsActiveAtSigning(ctx, input.entries);

  const anchoredAt = new Date(now).toISOString();
  const txId = ctx.stub.getTxID();
  const batch: BatchRecord = {
    docType: 'batch',
    batchId: input.batchId,
    root: input.root,
    entryCount: input.entries.length,
    entriesSm3,
    anchoredAt,
    anchoredBy: callerMsp,
    txId,
  };
  // The entries' bytes are exactly what entriesSm3 hashes, so a reader can check them against the record.
  await ctx.stub.putState(batchEntriesKey(ctx, input.batchId), Buffer.from(entriesText, 'utf8'));
  await writeJson(ctx, batchKey(ctx, input.batchId), batch);
  const event: BatchEventPayload = { batchId: batch.batchId, root: batch.root, entryCount: batch.entryCount, at: anchoredAt };
  emit(ctx, 'BatchAnchored', event);
  return { batch, created: true };
}

function assertNotSignedInFuture(entries: readonly AnchorEntry[], nowMs: number): void {
  const late = entries.filter((e) => Date.parse(e.signedAt) > nowMs + SIGNING_CLOCK_SKEW_MS);
  if (late.length > 0) {
    throw new ChaincodeError('VALIDATION_FAILED', `${late.length} entries are signed after the transaction time`, {
      field: 'signedAt',
      count: late.length,
      recordIds: late.slice(0, MAX_LISTED).map((e) => e.recordId),
    });
  }
}

/** One read per distinct seal of the batch, however many entries it signed. */
async function readSeals(ctx: Context, entries: readonly AnchorEntry[]): Promise<Map<string, SealRecord | undefined>> {
  const sealIds = [...new Set(entries.map((e) => e.sealId))];
  const records = await Promise.all(sealIds.map((sealId) => readJson<SealRecord>(ctx, sealKey(ctx, sealId))));
  return new Map(sealIds.map((sealId, i) => [sealId, records[i]]));
}

async function assertSealsActiveAtSigning(ctx: Context, entries: readonly AnchorEntry[]): Promise<void> {
  const seals = await readSeals(ctx, entries);
  const rejected: Array<{ recordId: string; sealId: string; code: string }> = [];
  for (const e of entries) {
    const seal = seals.get(e.sealId);
    const standing = seal === undefined ? 'NOT_FOUND' : standingAt(seal, Date.parse(e.signedAt));
    if (standing !== 'ACTIVE') rejected.push({ recordId: e.recordId, sealId: e.sealId, code: standing });
  }
  if (rejected.length > 0) {
    // The whole batch fails: a Merkle root cannot be anchored for part of its leaves. The caller removes
    // the listed records and rebuilds the batch.
    throw new ChaincodeError('SEAL_NOT_ACTIVE', `${rejected.length} entries were signed when their seal was not active`, {
      count: rejected.length,
      rejected: rejected.slice(0, MAX_LISTED),
    });
  }
}
