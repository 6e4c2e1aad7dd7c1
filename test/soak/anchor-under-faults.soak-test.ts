/**
 * Signing writes at concurrency while the record store is SIGKILLed and restarted at random moments
 * and anchor runs die with it. At the end every acknowledged write is anchored exactly once (one
 * result, one ledger entry, the same batch), and what the writers saw is reported: acknowledged,
 * refused (503 DEPENDENCY_UNAVAILABLE), or lost mid-way.
 *
 * Short form in `npm test`; `npm run soak` runs the long form (SOAK_WRITES, SOAK_KILLS).
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { findFreePort, startFerretDB, type RunningService } from '../../scripts/src/local-services';
import { toSealError } from '../../server/src/http/to-seal-error';
import { connectMongo } from '../../server/src/infra/mongo';
import { createContractLedgerClient, DEFAULT_EMBEDDED_IDENTITY, EmbeddedLedger, type LedgerClient } from '../../server/src/ledger';
import {
  anchorPendingRow,
  createSigningStore,
  ensureSigningIndexes,
  MongoAnchorOutbox,
  readAnchorStatus,
  type SigningRecordDoc,
} from '../../server/src/store/signing';
import { anchorLedgerOf } from '../../server/src/usecases/signing';
import { runAnchoring } from '../../worker/src/anchor';

const WRITES = Number(process.env.SOAK_WRITES ?? 300);
const KILLS = Number(process.env.SOAK_KILLS ?? 2);
const CONCURRENCY = 8;
const SEALS = 4;

const sm3 = (text: string) => createHash('sm3').update(text).digest('hex');
const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Tally {
  acknowledged: string[];
  refused: number;
  lost: number;
}

describe('anchoring under faults (soak)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eseal-soak-'));
  let ferretdb: RunningService | undefined;
  let ledgerClient: LedgerClient;
  afterAll(async () => {
    await ferretdb?.stop();
    await ledgerClient?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`${WRITES} signing writes at concurrency ${CONCURRENCY}, ${KILLS} SIGKILLs of FerretDB: every acknowledged one anchored exactly once`, async () => {
    const port = await findFreePort();
    ferretdb = await startFerretDB({ dataDir: dir, port });
    const uri = `${ferretdb.url}soak`;
    const ledger = EmbeddedLedger.open({ dataDir: join(dir, 'ledger'), durable: false });
    ledgerClient = createContractLedgerClient(ledger.transport(DEFAULT_EMBEDDED_IDENTITY, true));
    const now = Date.now();
    for (let s = 0; s < SEALS; s++) {
      await ledgerClient.issueSeal({
        sealId: `SOAK-${s}`,
        unitId: sm3(`unit-${s}`),
        kind: 'CONTRACT',
        imprintSm3: sm3(`i${s}`),
        certSerial: '01',
        certSm3: sm3(`c${s}`),
        sesealSm3: sm3(`s${s}`),
        validFrom: new Date(now - 86_400_000).toISOString(),
        validTo: new Date(now + 86_400_000).toISOString(),
      });
    }
    await sleep(1000);
    const connection: Connection = await connectMongo(uri, { serverSelectionTimeoutMS: 1_000 });
    const store = createSigningStore(connection);
    await ensureSigningIndexes(store);
    const outbox = new MongoAnchorOutbox(store);
    const deps = { outbox, ledger: anchorLedgerOf(ledgerClient) };

    const tally: Tally = { acknowledged: [], refused: 0, lost: 0 };
    let next = 0;
    const writer = async () => {
      while (next < WRITES) {
        next++;
        const signedAt = new Date(Math.ceil(Date.now() / 1000) * 1000 - 1000);
        const record: SigningRecordDoc = {
          _id: `sig_${hex(10)}`,
          unitId: 'unit_soak',
          sealId: 'seal_soak',
          sealCode: `SOAK-${randomInt(SEALS)}`,
          sealKind: 'CONTRACT',
          signerId: 'acct_soak',
          documentSm3Before: hex(32),
          documentSm3After: hex(32),
          signatureSm3: hex(32),
          signedAt,
          fieldName: 'Seal1',
          pages: [1],
          byteRange: [0, 1, 2, 3],
          createdAt: signedAt,
          updatedAt: signedAt,
        };
        let outboxWritten = false;
        try {
          // As signing writes it: the outbox row, then the record; acknowledged once both are stored.
          await store.anchorPending.collection.insertOne(anchorPendingRow(record) as never);
          outboxWritten = true;
          await store.records.collection.insertOne(record as never);
          tally.acknowledged.push(record._id);
        } catch (error) {
          expect(toSealError(error).code).toBe('DEPENDENCY_UNAVAILABLE');
          if (outboxWritten) tally.lost++;
          else tally.refused++;
          await sleep(200);
        }
      }
    };

    let writing = true;
    const anchorer = (async () => {
      while (writing || (await outbox.backlog().catch(() => 1)) > 0) {
        await runAnchoring(deps, 100).catch(() => undefined);
        await sleep(100);
      }
    })();
    const faults = (async () => {
      for (let k = 0; k < KILLS; k++) {
        await sleep(randomInt(500, 2500));
        process.kill(ferretdb!.pid, 'SIGKILL');
        await ferretdb!.exited;
        await sleep(randomInt(200, 1500));
        ferretdb = await startFerretDB({ dataDir: dir, port });
      }
    })();
    await Promise.all([...Array.from({ length: CONCURRENCY }, writer), faults]);
    writing = false;
    await anchorer;

    const status = await readAnchorStatus(store, tally.acknowledged);
    const notAnchored = tally.acknowledged.filter((id) => status.get(id)?.state !== 'ANCHORED');
    const records = await Promise.all(
      tally.acknowledged.map((id) => store.records.collection.findOne({ _id: id as never }) as Promise<SigningRecordDoc | null>),
    );
    const onLedger = await Promise.all(records.map((r) => ledgerClient.getSignature(r!.signatureSm3)));
    const mismatched = onLedger.filter(
      (entry, i) => entry.recordId !== tally.acknowledged[i] || entry.batchId !== status.get(tally.acknowledged[i]!)!.batchId,
    );
    process.stdout.write(
      `soak: ${WRITES} writes, ${KILLS} FerretDB kills: ${tally.acknowledged.length} acknowledged, ${tally.refused} refused (503), ${tally.lost} lost mid-way; ` +
        `${tally.acknowledged.length - notAnchored.length} anchored, backlog ${await outbox.backlog()}\n`,
    );
    expect(tally.acknowledged.length + tally.refused + tally.lost).toBe(WRITES);
    expect(tally.acknowledged.length).toBeGreaterThan(0);
    expect(notAnchored).toEqual([]);
    expect(mismatched).toEqual([]);
    expect(await outbox.unfinishedBatches(10)).toEqual([]);
    await connection.close();
  });
});
