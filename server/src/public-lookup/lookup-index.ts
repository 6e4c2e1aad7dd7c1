import type { Model, mongo } from 'mongoose';
import type { RelayConfirmed, SignaturesAnchored, EvidenceEventListener } from '../events';
import type { SealDoc } from '../store';
import { findByIdRaw } from '../store/ferretdb';
import { signaturesOf, type ReadSigningRecords } from '../store/signing';
import { lookupKeyId, txDocumentKeyId, type LookupKeyDoc, type ShownEvidence, type ShownSignature } from './lookup-key.model';

/** Duplicate key (E11000), alone or as every write error of an unordered insert. */
function onlyDuplicateKeys(error: unknown): boolean {
  const e = error as { code?: unknown; writeErrors?: Array<{ code?: unknown }> } | null;
  if (typeof e !== 'object' || e === null) return false;
  if (Array.isArray(e.writeErrors) && e.writeErrors.length > 0) return e.writeErrors.every((w) => w.code === 11000);
  return e.code === 11000;
}

const MAX_CACHED_SEAL_NAMES = 10_000;

export interface LookupIndexSources {
  keys: Model<LookupKeyDoc>;
  /** Shared with the other listeners of the same event, so the records are read once (signingRecordsReader). */
  readRecords: ReadSigningRecords;
  seals: Pick<Model<never>, 'collection'>;
}

/**
 * Writes the lookup keys of anchored signatures and confirmed court receipts. Every write is one
 * unordered insert (one statement on FerretDB); keys already there are left as they are, so the
 * first signature of an original document keeps its key and a repeated batch changes nothing.
 */
export class LookupIndex implements EvidenceEventListener {
  readonly #sealNames = new Map<string, string>();

  constructor(private readonly sources: LookupIndexSources) {}

  async signaturesAnchored(event: SignaturesAnchored): Promise<void> {
    const records = await signaturesOf(event, this.sources.readRecords);
    const sealNames = new Map<string, string>();
    for (const sealId of new Set(records.map((r) => r.sealId))) sealNames.set(sealId, await this.sealName(sealId));
    const createdAt = new Date();
    const anchoredAt = new Date(event.anchoredAt).toISOString();
    const keys: LookupKeyDoc[] = [
      {
        _id: lookupKeyId('tx', event.txId),
        kind: 'tx',
        shown: { ledgerTxId: event.txId, anchoredAt, merkleRoot: event.root, signatureCount: event.treeSize },
        recordIds: records.map((r) => r._id),
        members: records.map((r) => ({ recordId: r._id, unitId: r.unitId, documentSm3: r.documentSm3After })),
        batchId: event.batchId,
        createdAt,
      },
    ];
    for (const r of records) {
      const shown: ShownSignature = {
        sealCode: r.sealCode,
        sealName: sealNames.get(r.sealId) ?? '',
        signedAt: new Date(r.signedAt).toISOString(),
        documentSm3: r.documentSm3After,
        originalSm3: r.documentSm3Before,
        ledgerTxId: event.txId,
        anchoredAt,
        merkleRoot: event.root,
      };
      const links = { recordId: r._id, unitId: r.unitId, createdAt };
      keys.push(
        { _id: lookupKeyId('signed', r.documentSm3After), kind: 'signed', shown, ...links },
        { _id: lookupKeyId('original', r.documentSm3Before), kind: 'original', shown, ...links },
        { _id: txDocumentKeyId(event.txId, r.documentSm3After), kind: 'txdoc', shown, ...links },
        { _id: txDocumentKeyId(event.txId, r.documentSm3Before), kind: 'txdoc', shown, ...links },
      );
    }
    await this.insert(keys);
  }

  async relayConfirmed(event: RelayConfirmed): Promise<void> {
    const subject: ShownEvidence['subject'] =
      event.subject.kind === 'BATCH'
        ? { kind: 'SIGNATURES' }
        : { kind: 'SEAL_EVENT', sealCode: event.subject.sealId, event: event.subject.event };
    const shown: ShownEvidence = {
      evidenceNumber: event.receipt.evidenceNumber,
      courtChain: event.adapterId,
      courtTxHash: event.receipt.txHash,
      courtBlockHeight: event.receipt.blockHeight,
      recordedAt: event.receipt.recordedAt,
      ledgerTxId: event.sourceTxId,
      subject,
    };
    const createdAt = new Date();
    const keys: LookupKeyDoc[] = [
      {
        _id: lookupKeyId('evidence', event.receipt.evidenceNumber),
        kind: 'evidence',
        shown,
        ...(event.subject.kind === 'BATCH' ? { batchId: event.subject.batchId } : { sealCode: event.subject.sealId }),
        createdAt,
      },
    ];
    // A batch's receipt is also found from its ledger transaction, which is what a verified signature knows.
    // The first court chain to confirm keeps the key (insert-only); the others stay found by their numbers.
    if (event.subject.kind === 'BATCH') {
      keys.push({ _id: lookupKeyId('txevidence', event.sourceTxId), kind: 'txevidence', shown, batchId: event.subject.batchId, createdAt });
    }
    await this.insert(keys);
  }

  /** A seal's name (its kind as engraved) never changes: kept after the first read. */
  private async sealName(sealId: string): Promise<string> {
    const known = this.#sealNames.get(sealId);
    if (known !== undefined) return known;
    const seal = await findByIdRaw<Pick<SealDoc, 'sealName'>>(this.sources.seals, sealId, { sealName: 1 });
    if (!seal) return '';
    if (this.#sealNames.size >= MAX_CACHED_SEAL_NAMES) this.#sealNames.clear();
    this.#sealNames.set(sealId, seal.sealName);
    return seal.sealName;
  }

  private async insert(keys: LookupKeyDoc[]): Promise<void> {
    const collection = this.sources.keys.collection as unknown as mongo.Collection<LookupKeyDoc>;
    try {
      await collection.insertMany(keys, { ordered: false });
    } catch (error) {
      if (!onlyDuplicateKeys(error)) throw error;
    }
  }
}
