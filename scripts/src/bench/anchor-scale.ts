import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectMongo, createContractLedgerClient, DEFAULT_EMBEDDED_IDENTITY, EmbeddedLedger } from '@eseal/server';
import { anchorPendingRow, createSigningStore, ensureSigningIndexes, MongoAnchorOutbox, type SigningRecordDoc, type SigningStore } from '@eseal/server/dist/store/signing';
import { anchorLedgerOf } from '@eseal/server/dist/usecases/signing';
import { runAnchoring } from '@eseal/worker';
import { startFerretDB } from '../local-services';
import type { BenchModule, BenchResult } from './result';

/**
 * anchor.scale: signings anchored per second by the anchor job (outbox -> Merkle batch -> embedded
 * ledger -> results stored) with 1k, 10k and 100k signing records already stored and anchored, on a
 * FerretDB of its own. FerretDB v1 finds by `_id` through an index but scans for everything else,
 * updates and deletes by `_id` included, so anything on the hot path that touched the records would
 * slow down with their number. Baseline: the 1k figure of the same run; target ratio at 100k: 0.5.
 *
 * The stored records are seeded by direct inserts of 1,000 documents (one statement each on
 * FerretDB), growing 1k -> 10k -> 100k, so seeding stays a fraction of the run.
 */
const STORED = [1_000, 10_000, 100_000] as const;
const BATCH_SIZE = 1000;
/** Measured per level: two full batches, written as signing writes them, then anchored in one run. */
const MEASURED = 2 * BATCH_SIZE;
const SEED_CHUNK = 1000;
const SEALS = 20;
const TARGET_RATIO = 0.5;

const sm3 = (text: string) => createHash('sm3').update(text).digest('hex');
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

function record(id: string, signedAt: Date): SigningRecordDoc {
  return {
    _id: id, unitId: 'unit_bench', sealId: 'seal_bench', sealCode: `BENCH-${parseInt(id.slice(-4), 16) % SEALS}`, sealKind: 'CONTRACT',
    signerId: 'acct_bench', documentSm3Before: hex(32), documentSm3After: hex(32), signatureSm3: hex(32), signedAt, fieldName: 'Seal1',
    pages: [1], byteRange: [0, 1000, 9000, 1000], createdAt: signedAt, updatedAt: signedAt,
  };
}

/** Records already anchored: the record and its stored result, as the anchor job leaves them. */
async function seedAnchored(store: SigningStore, count: number, signedAt: Date): Promise<void> {
  for (let done = 0; done < count; done += SEED_CHUNK) {
    const records = Array.from({ length: Math.min(SEED_CHUNK, count - done) }, () => record(`sig_${hex(10)}`, signedAt));
    await store.records.collection.insertMany(records as never[]);
    await store.anchorResults.collection.insertMany(records.map((r, i) => ({
      _id: r._id, state: 'ANCHORED', batchId: `batch_${hex(20)}`, leafIndex: i, proof: [hex(32), hex(32)], treeSize: SEED_CHUNK,
      root: hex(32), txId: hex(32), anchoredAt: signedAt, storedAt: signedAt,
    })) as never[]);
  }
}

/** Signings waiting for the ledger, written the way signing writes them: outbox row, then record. */
async function seedPending(store: SigningStore, count: number, signedAt: Date): Promise<void> {
  for (let done = 0; done < count; done += SEED_CHUNK) {
    const records = Array.from({ length: Math.min(SEED_CHUNK, count - done) }, () => record(`sig_${hex(10)}`, signedAt));
    await store.anchorPending.collection.insertMany(records.map(anchorPendingRow) as never[]);
    await store.records.collection.insertMany(records as never[]);
  }
}

export const anchorScaleBench: BenchModule = {
  name: 'anchor.scale',
  async run(): Promise<BenchResult[]> {
    const dir = mkdtempSync(join(tmpdir(), 'eseal-anchor-scale-'));
    const ferretdb = await startFerretDB({ dataDir: dir });
    const ledger = EmbeddedLedger.open({ dataDir: join(dir, 'ledger'), durable: true });
    const client = createContractLedgerClient(ledger.transport(DEFAULT_EMBEDDED_IDENTITY, true));
    const connection = await connectMongo(`${ferretdb.url}anchor_scale`);
    try {
      const store = createSigningStore(connection);
      await ensureSigningIndexes(store);
      const deps = { outbox: new MongoAnchorOutbox(store), ledger: anchorLedgerOf(client) };
      const now = Date.now();
      const validFrom = new Date(now - 86_400_000).toISOString();
      const validTo = new Date(now + 365 * 86_400_000).toISOString();
      for (let s = 0; s < SEALS; s++) {
        await client.issueSeal({
          sealId: `BENCH-${s}`, unitId: sm3(`unit-${s}`), kind: 'CONTRACT', imprintSm3: sm3(`i${s}`), certSerial: '01',
          certSm3: sm3(`c${s}`), sesealSm3: sm3(`s${s}`), validFrom, validTo,
        });
      }
      // Whole seconds after the seals' issuance, as signing records them: active at signing time.
      const signedAt = new Date(Math.ceil((Date.now() + 1000) / 1000) * 1000);
      await new Promise((resolve) => setTimeout(resolve, signedAt.getTime() - Date.now()));

      const rates: Array<{ stored: number; perSecond: number }> = [];
      let stored = 0;
      for (const level of STORED) {
        await seedAnchored(store, level - stored, signedAt);
        stored = level;
        await seedPending(store, MEASURED, signedAt);
        const started = process.hrtime.bigint();
        const run = await runAnchoring(deps, BATCH_SIZE);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        if (run.anchored !== MEASURED) throw new Error(`anchor.scale: ${run.anchored} of ${MEASURED} anchored at ${level} stored`);
        rates.push({ stored: level, perSecond: MEASURED / seconds });
        stored += MEASURED; // now anchored too
      }
      const base = rates[0]!;
      return rates.map(({ stored: level, perSecond }) => ({
        name: `anchor.scale.${level / 1000}k`,
        value: Math.round(perSecond),
        unit: 'signings/s',
        baseline: { name: `${base.stored / 1000}k stored`, value: Math.round(base.perSecond) },
        ratio: Math.round((perSecond / base.perSecond) * 1000) / 1000,
        target: level === base.stored ? undefined : TARGET_RATIO,
        note: `${MEASURED} signings anchored in batches of ${BATCH_SIZE} (embedded ledger, FerretDB) with ${level} records already stored`,
      }));
    } finally {
      await connection.close().catch(() => undefined);
      await client.close();
      await ferretdb.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
