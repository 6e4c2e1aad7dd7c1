import { SealError } from '@eseal/core';
import type { Model, mongo } from 'mongoose';
import { GroupedInserts } from '../ferretdb';
import { decodeCursor, pageOf, type ListPage, type PageRequest } from '../list-page';
import { anchorPendingRow } from './anchor-outbox';
import type { AnchorPendingDoc, AnchorResultDoc } from './anchor-outbox.model';
import type { SigningRecordDoc } from './signing-record.model';

/** What of one signature is in the store: its record (only the signature hash), its outbox row, its anchor result. */
export interface SignatureTraces {
  record: Pick<SigningRecordDoc, 'signatureSm3'> | null;
  outboxRow: { _id: string } | null;
  anchorResult: { _id: string } | null;
}

/** Which records a list shows; `from` inclusive, `to` exclusive. */
export interface SigningRecordFilter {
  unitId?: string;
  sealId?: string;
  from?: Date;
  to?: Date;
}

/**
 * 签章记录 (`signing_records`) with the anchoring outbox rows written beside them (`anchor_pending`)
 * and the anchor results read to tell what an earlier attempt stored (`anchor_results`). A record is
 * written once and never updated; both inserts go through the driver and treat a duplicate `_id` as
 * "an earlier attempt stored it": FerretDB v1 has no conditional write, so the unique `_id` is the
 * store's one "only once". The inserts of concurrent signings are sent together (`GroupedInserts`),
 * each signing still told whether its own row went in.
 */
export interface SigningRecordRepository {
  byId(recordId: string): Promise<SigningRecordDoc | null>;
  /** The record whose signed file has this SM3 (a scan: evidence export is rare, not on the signing path). */
  producing(documentSm3After: string): Promise<SigningRecordDoc | null>;
  /** The latest records of a seal, newest first. */
  latestOfSeal(sealId: string, limit: number): Promise<SigningRecordDoc[]>;
  /**
   * Records newest first, with keyset pagination on (signedAt, _id): stable under concurrent inserts and
   * without skip() scans. A cursor that is not ours is INVALID_CURSOR.
   */
  newestFirst(filter: SigningRecordFilter, request: PageRequest): Promise<ListPage<SigningRecordDoc>>;
  /** What of the signature with this record id is stored: three `_id` reads side by side. */
  traces(recordId: string): Promise<SignatureTraces>;
  /** Puts the record's anchoring outbox row in; one already there (an earlier attempt's) is left as it is. */
  queueForAnchoring(record: SigningRecordDoc): Promise<void>;
  /** Inserts the record; one already there under its id (an earlier attempt's) is left as it is. */
  insert(record: SigningRecordDoc): Promise<void>;
}

export function signingRecordRepository(
  records: Model<SigningRecordDoc>,
  anchorPending: Model<AnchorPendingDoc>,
  anchorResults: Model<AnchorResultDoc>,
): SigningRecordRepository {
  // The driver's collections, not Model.create: the record is built by the caller with its exact types,
  // and mongoose's document machinery cost ~2.5 ms of CPU per signing in the API benchmark.
  const recordRows = records.collection as unknown as mongo.Collection<SigningRecordDoc>;
  const outboxRows = anchorPending.collection as unknown as mongo.Collection<AnchorPendingDoc>;
  const resultRows = anchorResults.collection as unknown as mongo.Collection<AnchorResultDoc>;
  // Concurrent signings share their inserts: two commands per group of signings, not two per signing.
  const outboxInserts = new GroupedInserts(outboxRows);
  const recordInserts = new GroupedInserts(recordRows);
  return {
    byId: (recordId) => records.findById(recordId).lean<SigningRecordDoc>().exec(),
    producing: (documentSm3After) => records.findOne({ documentSm3After }).lean<SigningRecordDoc>().exec(),
    latestOfSeal: (sealId, limit) =>
      records.find({ sealId }).sort({ signedAt: -1, _id: -1 }).limit(limit).lean<SigningRecordDoc[]>().exec(),
    async newestFirst(filter, request) {
      const query: Record<string, unknown> = {};
      if (filter.unitId !== undefined) query.unitId = filter.unitId;
      if (filter.sealId !== undefined) query.sealId = filter.sealId;
      const signedAt: Record<string, Date> = {};
      if (filter.from) signedAt.$gte = filter.from;
      if (filter.to) signedAt.$lt = filter.to;
      if (Object.keys(signedAt).length > 0) query.signedAt = signedAt;
      const after = afterRecord(request.cursor);
      if (after) query.$or = [{ signedAt: { ...signedAt, $lt: after.signedAt } }, { signedAt: after.signedAt, _id: { $lt: after.id } }];
      const rows = await records
        .find(query)
        .sort({ signedAt: -1, _id: -1 })
        .limit(request.limit + 1)
        .lean<SigningRecordDoc[]>();
      return pageOf(rows, request.limit, (last) => [new Date(last.signedAt).toISOString(), last._id]);
    },
    async traces(recordId) {
      const [record, outboxRow, anchorResult] = await Promise.all([
        recordRows.findOne({ _id: recordId }, { projection: { signatureSm3: 1 } }),
        outboxRows.findOne({ _id: recordId }, { projection: { _id: 1 } }),
        resultRows.findOne({ _id: recordId }, { projection: { _id: 1 } }),
      ]);
      return { record, outboxRow, anchorResult };
    },
    // A duplicate `_id` is the same row stored by an earlier attempt: left as it is.
    async queueForAnchoring(record) {
      await outboxInserts.insert(anchorPendingRow(record));
    },
    async insert(record) {
      await recordInserts.insert(record);
    },
  };
}

/** Newest first: the position is (signedAt, _id) of the page's last record. */
function afterRecord(cursor: string | undefined): { signedAt: Date; id: string } | undefined {
  const position = decodeCursor(cursor, 2);
  if (position === undefined) return undefined;
  const signedAt = new Date(position[0]!);
  if (Number.isNaN(signedAt.getTime())) {
    throw new SealError('INVALID_CURSOR', 'cursor is not one this service gave out; start again without it', {
      details: { field: 'cursor' },
    });
  }
  return { signedAt, id: position[1]! };
}
