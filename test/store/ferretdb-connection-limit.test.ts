/**
 * FerretDB v1 holds one SQLite connection per statement of a write command until the command ends,
 * 100 in all: one update command of 100 statements deadlocks it for good. These tests run their own
 * FerretDB process, so the deadlock they provoke cannot stall the suites sharing the test store.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import mongoose from 'mongoose';
import { startFerretDB, type RunningService } from '../../scripts/src/local-services';
import { connectMongo } from '../../server/src/infra/mongo';
import { FERRETDB_SQLITE_CONNECTIONS, MAX_STATEMENTS_PER_WRITE, MONGO_POOL_SIZE } from '../../server/src/store';
import {
  anchorPendingRow,
  createSigningStore,
  MongoAnchorOutbox,
  readAnchorStatus,
  type SigningRecordDoc,
} from '../../server/src/store/signing';

/** How long a command expected to hang is given before it counts as hung. */
const HANG_AFTER_MS = 5_000;
/**
 * How long a command expected to settle is given: a deadlock never settles, so a generous wait costs
 * nothing when the code is right and keeps a slow, loaded machine from reading as a deadlock.
 */
const SETTLE_WITHIN_MS = 20_000;

/** 'hung' when the promise has not settled after `waitMs`. */
async function settlesOrHangs(work: Promise<unknown>, waitMs: number): Promise<'settled' | 'hung'> {
  work.catch(() => undefined);
  return Promise.race([work.then(() => 'settled' as const), sleep(waitMs, undefined, { ref: false }).then(() => 'hung' as const)]);
}

function hex(bytes: number): string {
  return crypto.randomBytes(bytes).toString('hex');
}

function pendingRecord(id: string): SigningRecordDoc {
  const now = new Date();
  return {
    _id: id,
    unitId: 'unit_1',
    sealId: 'seal_1',
    sealCode: '1201040000001',
    sealKind: 'CONTRACT',
    signerId: 'acct_1',
    documentSm3Before: hex(32),
    documentSm3After: hex(32),
    signatureSm3: hex(32),
    signedAt: now,
    fieldName: 'Seal1',
    pages: [1],
    byteRange: [0, 10, 20, 30],
    createdAt: now,
    updatedAt: now,
  };
}

describe('record store writes and FerretDB connection limit', () => {
  let dataDir: string;
  let ferretdb: RunningService | undefined;

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eseal-ferretdb-limit-'));
    ferretdb = await startFerretDB({ dataDir });
  });
  afterEach(async () => {
    await ferretdb?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a bare FerretDB hangs on one update command of 100 statements, and answers one of 99', async () => {
    const connection = await mongoose.createConnection(`${ferretdb!.url}deadlock`, { serverSelectionTimeoutMS: 5_000 }).asPromise();
    try {
      const docs = connection.db!.collection<{ _id: string; n: number }>('docs');
      await docs.insertMany(Array.from({ length: FERRETDB_SQLITE_CONNECTIONS }, (_, n) => ({ _id: `d${n}`, n })));
      const updates = (count: number) =>
        Array.from({ length: count }, (_, n) => ({ updateOne: { filter: { _id: `d${n}` }, update: { $set: { n: -n } } } }));
      expect(await settlesOrHangs(docs.bulkWrite(updates(FERRETDB_SQLITE_CONNECTIONS - 1), { ordered: false }), SETTLE_WITHIN_MS)).toBe(
        'settled',
      );
      expect(await settlesOrHangs(docs.bulkWrite(updates(FERRETDB_SQLITE_CONNECTIONS), { ordered: false }), HANG_AFTER_MS)).toBe('hung');
    } finally {
      await connection.close(true).catch(() => undefined);
    }
  }, 60_000);

  it('the service pool and its largest write command stay far below the limit', async () => {
    expect(MONGO_POOL_SIZE * MAX_STATEMENTS_PER_WRITE).toBeLessThanOrEqual(FERRETDB_SQLITE_CONNECTIONS / 2);
    const connection = await connectMongo(`${ferretdb!.url}pool`);
    try {
      expect(connection.getClient().options.maxPoolSize).toBe(MONGO_POOL_SIZE);
    } finally {
      await connection.close();
    }
  });

  it('stores the proofs of a 1,000-record batch twice at once (anchor job and ledger-event consumer) without hanging', async () => {
    const connection = await connectMongo(`${ferretdb!.url}anchor`);
    try {
      const store = createSigningStore(connection);
      const ids = Array.from({ length: 1000 }, (_, n) => `sig_${String(n).padStart(4, '0')}_${hex(4)}`);
      const records = ids.map(pendingRecord);
      await store.anchorPending.collection.insertMany(records.map(anchorPendingRow) as never[]);
      await store.records.collection.insertMany(records as never[]);
      const outbox = new MongoAnchorOutbox(store);
      const candidates = await outbox.pending(ids.length);
      const facts = { batchId: `batch_${hex(20)}`, root: hex(32), treeSize: ids.length, txId: hex(32), anchoredAt: new Date() };
      await outbox.pinBatch(facts.batchId, candidates, new Date());
      const leaves = ids.map((recordId, leafIndex) => ({ recordId, leafIndex, proof: [hex(32)] }));
      const both = Promise.all([outbox.markAnchored(facts, leaves), outbox.markAnchored(facts, leaves)]);
      expect(await settlesOrHangs(both, SETTLE_WITHIN_MS)).toBe('settled');
      await both;
      const status = await readAnchorStatus(store, ids);
      expect([...status.values()].filter((a) => a.state === 'ANCHORED' && a.batchId === facts.batchId)).toHaveLength(ids.length);
      expect(await outbox.backlog()).toBe(0);
      expect(await outbox.unfinishedBatches(10)).toEqual([]);
    } finally {
      await connection.close(true).catch(() => undefined);
    }
  }, 60_000);
});
