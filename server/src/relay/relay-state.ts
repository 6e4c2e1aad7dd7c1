import type { Connection, Model } from 'mongoose';
import { findByIdRaw, insertEachOnce, MONGO_POOL_SIZE } from '../store';
import type { RelayDoc } from './relay.model';
import { relayConfirmationModel, relayReceiptModel, type RelayConfirmationDoc, type RelayReceiptDoc } from './relay-facts.model';

/**
 * A relay as it stands: its record with its facts laid over it. CONFIRMED when a confirmation is
 * recorded; REJECTED or DEAD as the record says (written on failures only); SUBMITTED when a receipt
 * is stored; PENDING otherwise. Records of an earlier version carry the receipt and the state
 * themselves, and read the same.
 */
export function currentRelay(record: RelayDoc, receipt?: RelayReceiptDoc | null, confirmation?: RelayConfirmationDoc | null): RelayDoc {
  const storedReceipt = receipt?.receipt ?? record.receipt;
  const submittedAt = receipt?.at ?? record.submittedAt;
  const confirmedAt = confirmation?.at ?? record.confirmedAt;
  const state = relayState(record, storedReceipt !== undefined, Boolean(confirmation));
  return {
    ...record,
    state,
    ...(storedReceipt ? { receipt: storedReceipt } : {}),
    ...(submittedAt ? { submittedAt } : {}),
    ...(state === 'CONFIRMED' && confirmedAt ? { confirmedAt } : {}),
  };
}

/** The derivation of currentRelay, from the record and whether each fact exists. */
export function relayState(record: Pick<RelayDoc, 'state' | 'receipt'>, hasReceipt: boolean, confirmed: boolean): RelayDoc['state'] {
  if (confirmed || record.state === 'CONFIRMED') return 'CONFIRMED';
  if (record.state === 'REJECTED' || record.state === 'DEAD') return record.state;
  return hasReceipt || record.receipt !== undefined || record.state === 'SUBMITTED' ? 'SUBMITTED' : 'PENDING';
}

/** Runs `read` on each id, MONGO_POOL_SIZE at a time: FerretDB v1 answers `$in` by reading the whole collection. */
export async function eachById<T>(ids: readonly string[], read: (id: string) => Promise<T>): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  const unique = [...new Set(ids)];
  let next = 0;
  const reader = async () => {
    while (next < unique.length) {
      const id = unique[next++]!;
      found.set(id, await read(id));
    }
  };
  await Promise.all(Array.from({ length: Math.min(MONGO_POOL_SIZE, unique.length) }, reader));
  return found;
}

/** The receipt and confirmation facts of relays: inserted once each, read by `_id`. */
export class RelayFacts {
  readonly receipts: Model<RelayReceiptDoc>;
  readonly confirmations: Model<RelayConfirmationDoc>;

  constructor(connection: Connection) {
    this.receipts = relayReceiptModel(connection);
    this.confirmations = relayConfirmationModel(connection);
  }

  static of(connection: Connection): RelayFacts {
    return new RelayFacts(connection);
  }

  async ensureCollections(): Promise<void> {
    await this.receipts.createCollection().catch(() => undefined);
    await this.confirmations.createCollection().catch(() => undefined);
  }

  /** One insert for the group; a receipt already stored stays (the first one is the court's answer). The relay ids whose receipt this call stored. */
  async recordReceipts(submitted: ReadonlyArray<{ relayId: string; receipt: RelayReceiptDoc['receipt'] }>, at: Date): Promise<Set<string>> {
    return insertEachOnce(
      this.receipts,
      submitted.map(({ relayId, receipt }) => ({ _id: relayId, receipt, at })),
    );
  }

  async recordConfirmations(relayIds: readonly string[], at: Date): Promise<void> {
    await insertEachOnce(
      this.confirmations,
      relayIds.map((relayId) => ({ _id: relayId, at })),
    );
  }

  receiptOf(relayId: string): Promise<RelayReceiptDoc | null> {
    return findByIdRaw<RelayReceiptDoc>(this.receipts, relayId);
  }

  confirmationOf(relayId: string): Promise<RelayConfirmationDoc | null> {
    return findByIdRaw<RelayConfirmationDoc>(this.confirmations, relayId);
  }

  /** The records as they stand (see currentRelay): two `_id` lookups per record. */
  async current(records: readonly RelayDoc[]): Promise<RelayDoc[]> {
    const facts = await eachById(
      records.map((r) => r._id),
      (id) => Promise.all([this.receiptOf(id), this.confirmationOf(id)]),
    );
    return records.map((r) => currentRelay(r, ...facts.get(r._id)!));
  }
}

/**
 * Relays per state as they stand, for statistics: the state is derived from the record and its
 * facts, which no grouped count of one collection can join, so the records' states and the facts'
 * ids are read (whole collections, as a grouped count reads them on FerretDB v1) and joined here.
 */
export async function countRelayStates(relays: Model<RelayDoc>): Promise<Array<{ key: RelayDoc['state']; count: number }>> {
  const facts = RelayFacts.of(relays.db);
  const [records, receipts, confirmations] = await Promise.all([
    relays.find({}, { state: 1, receipt: 1 }).lean<Array<Pick<RelayDoc, '_id' | 'state' | 'receipt'>>>(),
    facts.receipts.find({}, { _id: 1 }).lean<Array<{ _id: string }>>(),
    facts.confirmations.find({}, { _id: 1 }).lean<Array<{ _id: string }>>(),
  ]);
  const received = new Set(receipts.map((r) => r._id));
  const confirmed = new Set(confirmations.map((c) => c._id));
  const counts = new Map<RelayDoc['state'], number>();
  for (const record of records) {
    const state = relayState(record, received.has(record._id), confirmed.has(record._id));
    counts.set(state, (counts.get(state) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => ({ key, count }));
}
