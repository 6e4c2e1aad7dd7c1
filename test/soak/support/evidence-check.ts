/**
 * What the soak promises, read back from the stores after the run: every acknowledged signing is
 * stored once (one record for its document), anchored (its anchor result ANCHORED) and on the ledger
 * in its batch (the batch the store names holds this signature, for this record).
 * Records nobody received (a request that died after writing) are counted, not failed: they are
 * evidence of a signature that was made.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from 'mongoose';
import type { LedgerClient } from '../../../server/src/ledger';
import { createSigningStore, readAnchorStatus, type SigningRecordDoc, type SigningStore } from '../../../server/src/store/signing';
import type { Tally } from './signing-client';

export interface EvidenceReport {
  acknowledged: number;
  /** Acknowledged signings whose document has more than one record, or whose record is missing. */
  notStoredOnce: string[];
  notAnchored: string[];
  /** Ledger entries that name another record or batch than the store. */
  ledgerMismatches: string[];
  /** Records of documents the client set out to sign and never got an answer for. */
  unreceivedRecords: number;
}

type RecordSummary = Pick<SigningRecordDoc, '_id' | 'documentSm3Before' | 'signatureSm3'>;

/** Polls until every acknowledged record is anchored (or the deadline), as an operator watching the backlog would. */
export async function waitUntilAnchored(connection: Connection, tally: Tally, timeoutMs: number): Promise<number> {
  const store = createSigningStore(connection);
  const started = Date.now();
  const ids = tally.acknowledged.map((a) => a.recordId);
  for (;;) {
    const status = await readAnchorStatus(store, ids).catch(() => undefined);
    const waiting = status ? ids.filter((id) => status.get(id)?.state !== 'ANCHORED').length : ids.length;
    if (waiting === 0 || Date.now() - started > timeoutMs) return Date.now() - started;
    await sleep(500);
  }
}

export async function checkEvidence(connection: Connection, ledger: LedgerClient, tally: Tally): Promise<EvidenceReport> {
  const store: SigningStore = createSigningStore(connection);
  const all = (await store.records.collection
    .find({}, { projection: { documentSm3Before: 1, signatureSm3: 1 } })
    .toArray()) as unknown as RecordSummary[];
  const byDocument = new Map<string, RecordSummary[]>();
  for (const record of all) byDocument.set(record.documentSm3Before, [...(byDocument.get(record.documentSm3Before) ?? []), record]);

  const ids = tally.acknowledged.map((a) => a.recordId);
  const status = await readAnchorStatus(store, ids);
  const report: EvidenceReport = {
    acknowledged: ids.length,
    notStoredOnce: [],
    notAnchored: [],
    ledgerMismatches: [],
    unreceivedRecords: 0,
  };
  const acknowledgedDocuments = new Set(tally.acknowledged.map((a) => a.documentSm3));
  for (const document of tally.documents) {
    if (!acknowledgedDocuments.has(document)) report.unreceivedRecords += byDocument.get(document)?.length ?? 0;
  }

  for (const { recordId, documentSm3 } of tally.acknowledged) {
    const records = byDocument.get(documentSm3) ?? [];
    const record = records.find((r) => r._id === recordId);
    if (!record || records.length !== 1) {
      report.notStoredOnce.push(
        `${recordId}: ${records.length} records of its document, ${record ? 'this one among them' : 'not this one'}`,
      );
      continue;
    }
    const anchor = status.get(recordId);
    if (anchor?.state !== 'ANCHORED') {
      report.notAnchored.push(`${recordId}: ${anchor?.state ?? 'no status'}`);
      continue;
    }
    const onLedger = await ledger.getBatchSignature(anchor.batchId!, record.signatureSm3);
    if (onLedger.recordId !== recordId || onLedger.batchId !== anchor.batchId) {
      report.ledgerMismatches.push(
        `${recordId}: ledger says record ${onLedger.recordId} in batch ${onLedger.batchId}, store says batch ${anchor.batchId}`,
      );
    }
  }
  return report;
}
