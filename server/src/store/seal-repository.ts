import type { Model } from 'mongoose';
import { findByIdRaw, insertOnce, isDuplicateKeyError } from './ferretdb';
import { pageById, type ListPage, type PageRequest } from './list-page';
import { SharedReads } from './shared-reads';
import type { SealDoc, SealFilingRef } from './seal.model';
import type { SealKind, SealStatus } from '../domain';

export type NewSeal = Omit<SealDoc, 'createdAt' | 'updatedAt'>;
/** Fields of a seal and its `_id`. */
export type SealFields<K extends keyof SealDoc> = Pick<SealDoc, K | '_id'>;

/**
 * The `seals` collection. A seal's status moves only through `applyMove` (called by commitTransition,
 * behind its unique transition claim); the outbox arrays (`ledgerOps`, `filings`) are marked here.
 */
export interface SealRepository {
  byId(sealId: string): Promise<SealDoc | null>;
  /**
   * Some fields of one seal, by `_id` straight through the driver (the signing path's reads). Concurrent
   * calls for the same seal and fields share one read that started after each of them (SharedReads):
   * the value is frozen.
   */
  fieldsOf<K extends keyof SealDoc>(sealId: string, fields: readonly K[]): Promise<SealFields<K> | null>;
  /** Stores a new seal; undefined when the unit's legal-name slot is taken (unique `legalNameSlot`). */
  open(seal: NewSeal): Promise<SealDoc | undefined>;
  /**
   * Writes a committed move: one absolute `$set`, only on the revision it was checked against.
   * 'LEGAL_NAME_SLOT_TAKEN' when the unique legal-name slot refused it.
   */
  applyMove(sealId: string, revision: number, set: Record<string, unknown>): Promise<'APPLIED' | 'LEGAL_NAME_SLOT_TAKEN'>;
  /** The seal this one was re-issued as. */
  markReplaced(sealId: string, bySealId: string): Promise<void>;
  /** Points the seal at a new wrapped key, only if it still holds `fromKeyId`. */
  replaceKey(sealId: string, fromKeyId: string, toKeyId: string): Promise<void>;

  /** The ledger op at `index` of the seal's outbox is on the ledger in `txId`. */
  markLedgerOpDone(sealId: string, index: number, txId: string): Promise<void>;
  /** Another failed attempt of the ledger op at `index`; it stays PENDING. */
  noteLedgerOpFailure(sealId: string, index: number, message: string): Promise<void>;
  /** Ids of seals that still owe the ledger an op. */
  withPendingLedgerOps(limit: number): Promise<string[]>;
  /** Seals that still owe public security a filing. */
  withPendingFilings(limit: number): Promise<SealDoc[]>;
  /** Updates the seal's reference to one of its filings (state, acknowledgement, error). */
  updateFilingRef(sealId: string, filingId: string, fields: Partial<Omit<SealFilingRef, 'filingId' | 'action'>>): Promise<void>;

  /** Every seal of these kinds of the unit (optionally only in these statuses), oldest first. */
  ofUnit(unitId: string, filter?: { kinds?: readonly SealKind[]; statuses?: readonly SealStatus[] }): Promise<SealDoc[]>;
  /** ACTIVE seals whose certificate ended at or before `now`. */
  dueToExpire(now: Date, limit: number): Promise<SealDoc[]>;
  /** One page of seals for the lists (without inline seal data), in `_id` order. */
  page(filter: { unitId?: string; status?: SealStatus; kind?: SealKind }, request: PageRequest): Promise<ListPage<SealDoc>>;
}

export function sealRepository(seals: Model<SealDoc>): SealRepository {
  const sharedReads = new SharedReads();
  return {
    byId: (sealId) => seals.findById(sealId).lean<SealDoc>().exec(),
    fieldsOf: (sealId, fields) =>
      sharedReads.read(`${sealId}\u0000${fields.join(',')}`, () =>
        findByIdRaw(seals, sealId, Object.fromEntries(fields.map((f) => [f, 1]))),
      ),
    open: (seal) => insertOnce(seals, seal),
    async applyMove(sealId, revision, set) {
      try {
        await seals.updateOne({ _id: sealId, revision }, { $set: set });
        return 'APPLIED';
      } catch (error) {
        if (isDuplicateKeyError(error)) return 'LEGAL_NAME_SLOT_TAKEN';
        throw error;
      }
    },
    async markReplaced(sealId, bySealId) {
      await seals.updateOne({ _id: sealId }, { $set: { replacedBySealId: bySealId } });
    },
    async replaceKey(sealId, fromKeyId, toKeyId) {
      await seals.updateOne({ _id: sealId, keyId: fromKeyId }, { $set: { keyId: toKeyId } });
    },
    // `$inc` of an attempt counter is fine here: a lost increment under a race only undercounts attempts.
    async markLedgerOpDone(sealId, index, txId) {
      await seals.updateOne(
        { _id: sealId },
        { $set: { [`ledgerOps.${index}.state`]: 'DONE', [`ledgerOps.${index}.txId`]: txId }, $inc: { [`ledgerOps.${index}.attempts`]: 1 } },
      );
    },
    async noteLedgerOpFailure(sealId, index, message) {
      await seals.updateOne(
        { _id: sealId },
        { $set: { [`ledgerOps.${index}.lastError`]: message }, $inc: { [`ledgerOps.${index}.attempts`]: 1 } },
      );
    },
    async withPendingLedgerOps(limit) {
      const rows = await seals.find({ 'ledgerOps.state': 'PENDING' }, { _id: 1 }).limit(limit).lean<Array<{ _id: string }>>().exec();
      return rows.map((row) => row._id);
    },
    withPendingFilings: (limit) => seals.find({ 'filings.state': 'PENDING' }).limit(limit).lean<SealDoc[]>().exec(),
    async updateFilingRef(sealId, filingId, fields) {
      const seal = await seals.findById(sealId, { filings: 1 }).lean<Pick<SealDoc, 'filings'>>().exec();
      const index = seal?.filings.findIndex((f) => f.filingId === filingId) ?? -1;
      if (index < 0) return;
      const set = Object.fromEntries(Object.entries(fields).map(([key, value]) => [`filings.${index}.${key}`, value]));
      await seals.updateOne({ _id: sealId }, { $set: set });
    },
    ofUnit(unitId, filter = {}) {
      const query: Record<string, unknown> = { unitId };
      if (filter.kinds) query.kind = { $in: [...filter.kinds] };
      if (filter.statuses) query.status = { $in: [...filter.statuses] };
      return seals.find(query).sort({ createdAt: 1, _id: 1 }).lean<SealDoc[]>().exec();
    },
    dueToExpire: (now, limit) =>
      seals
        .find({ status: 'ACTIVE', 'certificate.notAfter': { $lte: now.toISOString() } })
        .limit(limit)
        .lean<SealDoc[]>()
        .exec(),
    page(filter, request) {
      const given = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
      // Seals of older data directories still carry their seal data inline; a list does not show it.
      return pageById(seals, given, request, { imprintPng: 0, seseal: 0 });
    },
  };
}
