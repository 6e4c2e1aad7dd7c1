import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectMongo, createContractLedgerClient, DEFAULT_EMBEDDED_IDENTITY, EmbeddedLedger } from '@eseal/server';
import { EvidenceEvents } from '@eseal/server/dist/events';
import { defaultLookupResolvers, LookupIndex, lookupKeyModel, lookupPublicly } from '@eseal/server/dist/public-lookup';
import { sealModel } from '@eseal/server/dist/store/seal.model';
import {
  anchorPendingRow,
  createSigningStore,
  ensureSigningIndexes,
  MongoAnchorOutbox,
  signingRecordsReader,
  type SigningRecordDoc,
  type SigningStore,
} from '@eseal/server/dist/store/signing';
import { findByIdRaw } from '@eseal/server/dist/store/ferretdb';
import { anchorLedgerOf } from '@eseal/server/dist/usecases/signing';
import { runAnchoring } from '@eseal/worker';
import { startFerretDB } from '../local-services';
import type { BenchModule, BenchResult } from './result';

/**
 * lookup: what the public lookup index costs and gives, on a FerretDB of its own with an embedded ledger.
 *
 *   lookup.anchor-with-index  signings anchored per second while the lookup index is written (five
 *                             `_id`-keyed keys per signing, one insert per batch); baseline: the same
 *                             run without it. Target ratio 0.5.
 *   lookup.by-sm3             public lookups by document SM3 per second (the signed key, then the
 *                             walk to earlier signatures: two `_id` reads); baseline: single `_id`
 *                             reads of the signing records. Target ratio 0.4.
 */
const BATCH_SIZE = 1000;
const MEASURED = 2 * BATCH_SIZE;
const LOOKUPS = 1000;
const SEALS = 20;

const sm3 = (text: string) => createHash('sm3').update(text).digest('hex');
const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

function record(signedAt: Date): SigningRecordDoc {
  const id = `sig_${hex(10)}`;
  return {
    _id: id,
    unitId: 'unit_bench',
    sealId: `seal_bench_${parseInt(id.slice(-4), 16) % SEALS}`,
    sealCode: `BENCH-${parseInt(id.slice(-4), 16) % SEALS}`,
    sealKind: 'CONTRACT',
    signerId: 'acct_bench',
    documentSm3Before: hex(32),
    documentSm3After: hex(32),
    signatureSm3: hex(32),
    signedAt,
    fieldName: 'Seal1',
    pages: [1],
    byteRange: [0, 1000, 9000, 1000],
    createdAt: signedAt,
    updatedAt: signedAt,
  };
}

async function seedPending(store: SigningStore, count: number, signedAt: Date): Promise<SigningRecordDoc[]> {
  const records = Array.from({ length: count }, () => record(signedAt));
  for (let i = 0; i < count; i += BATCH_SIZE) {
    const chunk = records.slice(i, i + BATCH_SIZE);
    await store.anchorPending.collection.insertMany(chunk.map(anchorPendingRow) as never[]);
    await store.records.collection.insertMany(chunk as never[]);
  }
  return records;
}

export const lookupBench: BenchModule = {
  name: 'lookup',
  async run(): Promise<BenchResult[]> {
    const dir = mkdtempSync(join(tmpdir(), 'eseal-lookup-bench-'));
    const ferretdb = await startFerretDB({ dataDir: dir });
    const ledger = EmbeddedLedger.open({ dataDir: join(dir, 'ledger'), durable: true });
    const client = createContractLedgerClient(ledger.transport(DEFAULT_EMBEDDED_IDENTITY, true));
    const connection = await connectMongo(`${ferretdb.url}lookup_bench`);
    try {
      const store = createSigningStore(connection);
      await ensureSigningIndexes(store);
      const keys = lookupKeyModel(connection);
      await keys.createCollection().catch(() => undefined);
      const events = new EvidenceEvents();
      events.listen(new LookupIndex({ keys, readRecords: signingRecordsReader(store.records), seals: sealModel(connection) }));
      const now = Date.now();
      for (let s = 0; s < SEALS; s++) {
        await client.issueSeal({
          sealId: `BENCH-${s}`,
          unitId: sm3(`unit-${s}`),
          kind: 'CONTRACT',
          imprintSm3: sm3(`i${s}`),
          certSerial: '01',
          certSm3: sm3(`c${s}`),
          sesealSm3: sm3(`s${s}`),
          validFrom: new Date(now - 86_400_000).toISOString(),
          validTo: new Date(now + 365 * 86_400_000).toISOString(),
        });
      }
      const signedAt = new Date(Math.ceil((Date.now() + 1000) / 1000) * 1000);
      await new Promise((resolve) => setTimeout(resolve, signedAt.getTime() - Date.now()));

      const anchorRate = async (outbox: MongoAnchorOutbox) => {
        const records = await seedPending(store, MEASURED, signedAt);
        const started = process.hrtime.bigint();
        const run = await runAnchoring({ outbox, ledger: anchorLedgerOf(client) }, BATCH_SIZE);
        if (run.anchored !== MEASURED) throw new Error(`lookup bench: ${run.anchored} of ${MEASURED} anchored`);
        return { perSecond: MEASURED / seconds(started), records };
      };
      const plain = await anchorRate(new MongoAnchorOutbox(store));
      const indexed = await anchorRate(new MongoAnchorOutbox(store, events));

      const resolvers = defaultLookupResolvers(keys);
      const sample = indexed.records.slice(0, LOOKUPS);
      let started = process.hrtime.bigint();
      for (const r of sample) await findByIdRaw(store.records, r._id);
      const readsPerSecond = sample.length / seconds(started);
      started = process.hrtime.bigint();
      for (const r of sample) {
        const answer = await lookupPublicly(resolvers, { by: 'sm3', value: r.documentSm3After });
        if (answer.result !== 'MATCH') throw new Error(`lookup bench: ${r.documentSm3After} not found`);
      }
      const lookupsPerSecond = sample.length / seconds(started);
      const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
      return [
        {
          name: 'lookup.anchor-with-index',
          value: Math.round(indexed.perSecond),
          unit: 'signings/s',
          baseline: { name: 'anchoring without the index', value: Math.round(plain.perSecond) },
          ratio: ratio(indexed.perSecond, plain.perSecond),
          target: 0.5,
          note: `${MEASURED} signings in batches of ${BATCH_SIZE}, embedded ledger, FerretDB`,
        },
        {
          name: 'lookup.by-sm3',
          value: Math.round(lookupsPerSecond),
          unit: 'lookups/s',
          baseline: { name: 'single _id reads', value: Math.round(readsPerSecond) },
          ratio: ratio(lookupsPerSecond, readsPerSecond),
          target: 0.4,
          note: `${LOOKUPS} sequential lookups among ${2 * MEASURED} signings' keys, FerretDB`,
        },
      ];
    } finally {
      await connection.close().catch(() => undefined);
      await client.close();
      await ferretdb.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
