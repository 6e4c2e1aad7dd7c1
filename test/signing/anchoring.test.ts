import { merkleLeafHash, verifyInclusion, type SealError } from '@eseal/core';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { anchorPendingRow, batchOfSignature, MongoAnchorOutbox, readAnchorStatus, type AnchorStatus } from '../../server/src/store/signing';
import { anchorLedgerOf } from '../../server/src/usecases/signing';
import { anchorEntry, anchorLeafData, anchorProcessor, buildBatch, runAnchoring } from '../../worker/src/anchor';
import { startWorker } from '../../worker/src/start-worker';
import { suiteQueuePrefix, testRedisUrl } from '../support/env';
import { auditor, holder, createSigningWorld, samplePdf, type SigningWorld, type TestSeal } from './support/signing-world';
import { as, pdfOf, signBody } from './support/api';

const UNIT = 'unit_anchor_a';
const HOLDER = 'person_anchor_holder';

describe('anchoring: signing-record outbox -> Merkle batch -> embedded ledger', () => {
  let world: SigningWorld;
  let seal: TestSeal;
  let outbox: MongoAnchorOutbox;
  const signer = holder(UNIT, HOLDER);
  const deps = () => ({ outbox, ledger: anchorLedgerOf(world.ledger) });
  const statusOf = async (recordId: string): Promise<AnchorStatus> => (await readAnchorStatus(world.signing, [recordId])).get(recordId)!;

  async function signSome(count: number, label: string): Promise<Array<{ id: string; signedPdf: Uint8Array }>> {
    const out = [];
    for (let i = 0; i < count; i++) {
      const res = await as(world, signer).post('/sign', signBody(seal, await samplePdf(`${label} ${i}`, 1)));
      expect(res.status).toBe(201);
      out.push({ id: res.body.record.id as string, signedPdf: pdfOf(res.body) });
    }
    return out;
  }

  beforeAll(async () => {
    world = await createSigningWorld();
    seal = await world.addSeal({ unitId: UNIT, kind: 'LEGAL_REPRESENTATIVE', actingPersonId: HOLDER });
    outbox = new MongoAnchorOutbox(world.signing);
  });
  afterAll(async () => world?.close());

  it('anchors pending records with proofs that check against the on-chain root, and rejects a record the ledger refuses', async () => {
    const signed = await signSome(4, 'anchor');
    // A record for a seal the ledger never issued: the chaincode refuses it, the others still anchor.
    const orphan = await world.signing.records.findById(signed[0]!.id).lean();
    const orphanRecord = { ...orphan!, _id: 'sig_orphan', sealCode: '9999999999999', signatureSm3: 'ab'.repeat(32) };
    await world.signing.anchorPending.create(anchorPendingRow(orphanRecord));
    await world.signing.records.create(orphanRecord);

    const result = await runAnchoring(deps(), 1000);
    expect(result).toMatchObject({ anchored: 4, rejected: 1 });
    expect(await outbox.backlog()).toBe(0);
    expect(await statusOf('sig_orphan')).toMatchObject({ state: 'REJECTED', reason: expect.stringContaining('SEAL_NOT_ACTIVE') });

    for (const { id } of signed) {
      const record = (await world.signing.records.findById(id).lean())!;
      const anchor = await statusOf(id);
      expect(anchor.state).toBe('ANCHORED');
      const leaf = merkleLeafHash(
        anchorLeafData(
          anchorEntry({
            recordId: id,
            sealCode: record.sealCode,
            signedAt: record.signedAt,
            signatureSm3: record.signatureSm3,
            documentSm3: record.documentSm3After,
          }),
        ),
      );
      const onChain = await world.ledger.getBatch(anchor.batchId!);
      expect(onChain.root).toBe(anchor.root);
      expect(
        verifyInclusion(
          leaf,
          { leafIndex: anchor.leafIndex!, treeSize: anchor.treeSize!, path: anchor.proof! },
          Buffer.from(onChain.root, 'hex'),
        ),
      ).toBe(true);
      expect(
        verifyInclusion(
          leaf,
          { leafIndex: (anchor.leafIndex! + 1) % 4, treeSize: 4, path: anchor.proof! },
          Buffer.from(onChain.root, 'hex'),
        ),
      ).toBe(false);
      expect(await world.ledger.getBatchSignature(anchor.batchId!, record.signatureSm3)).toMatchObject({
        recordId: id,
        sealId: seal.sealCode,
        documentSm3: record.documentSm3After,
      });
      // The ledger keeps no key per signature: the store names the batch, by `_id`, once the result is stored.
      expect(await world.signing.anchoredSignatures.findById(record.signatureSm3).lean()).toEqual({
        _id: record.signatureSm3,
        recordId: id,
        batchId: anchor.batchId,
      });
      expect(await batchOfSignature(world.signing, record.signatureSm3)).toBe(anchor.batchId);
    }
    expect(await world.signing.anchoredSignatures.findById('ab'.repeat(32)).lean()).toBeNull();
    expect(await batchOfSignature(world.signing, 'ab'.repeat(32))).toBeUndefined();
    // A signature anchored before the index existed is still found through its record and result.
    const first = (await world.signing.records.findById(signed[0]!.id).lean())!;
    await world.signing.anchoredSignatures.deleteOne({ _id: first.signatureSm3 });
    expect(await batchOfSignature(world.signing, first.signatureSm3)).toBe((await statusOf(first._id)).batchId);

    const report = await as(world, auditor()).verify(signed[1]!.signedPdf);
    const anchorCheck = report.body.signatures[0].checks.find((c: { id: string }) => c.id === 'ledger.anchor');
    expect(anchorCheck).toMatchObject({ status: 'pass' });
    expect(report.body.valid).toBe(true);

    expect(await runAnchoring(deps(), 1000)).toMatchObject({ batches: 0, anchored: 0 });
  });

  it('finishes a batch a dead run left pinned, at once, and a repeat of an anchored batch is a no-op on the ledger', async () => {
    await signSome(3, 'crash');
    // Run 1 died after pinning the batch, before the ledger call: the next run finishes it without waiting.
    const claimed = await outbox.pending(2);
    const pinned = buildBatch(claimed);
    await outbox.pinBatch(pinned.batchId, claimed, new Date());
    const finished = await runAnchoring(deps(), 1000);
    expect(finished.anchored).toBe(3);
    expect(await statusOf(claimed[0]!.recordId)).toMatchObject({ state: 'ANCHORED', batchId: pinned.batchId });

    // Run 2 died after the ledger call, before storing the proofs: the re-run rebuilds the same batch id.
    const [d] = await signSome(1, 'after-ledger');
    const claimed2 = await outbox.pending(10);
    const batch2 = buildBatch(claimed2);
    await outbox.pinBatch(batch2.batchId, claimed2, new Date());
    await anchorLedgerOf(world.ledger).anchorBatch({ batchId: batch2.batchId, root: batch2.root, entries: batch2.entries });
    const rerun = await runAnchoring(deps(), 1000);
    expect(rerun).toMatchObject({ repeated: 1, anchored: 1 });
    expect((await statusOf(d!.id)).state).toBe('ANCHORED');
  });

  it('stops, saying why, when the ledger rebuilds another root, and finishes the batch once they agree', async () => {
    const [s] = await signSome(1, 'root');
    const real = anchorLedgerOf(world.ledger);
    // A worker whose leaves differ from the chaincode's (here: a root for other leaves).
    const otherRoot = buildBatch([{ ...(await outbox.pending(10))[0]!, recordId: 'sig_other' }]).root;
    const disagreeing = {
      ...real,
      anchorBatch: (b: Parameters<typeof real.anchorBatch>[0]) => real.anchorBatch({ ...b, root: otherRoot }),
    };
    const stopped = (await runAnchoring({ outbox, ledger: disagreeing }, 1000).catch((e: unknown) => e)) as SealError;
    expect(stopped).toMatchObject({ code: 'INTERNAL', details: { rebuilt: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(stopped.message).toContain('upgrade the chaincode first');
    expect((await statusOf(s!.id)).state).toBe('PENDING');
    expect(await runAnchoring(deps(), 1000)).toMatchObject({ anchored: 1 });
    expect((await statusOf(s!.id)).state).toBe('ANCHORED');
  });

  it('completes a batch written to the ledger but only half recorded in the store', async () => {
    const signed = await signSome(4, 'half');
    const members = await outbox.pending(10);
    const batch = buildBatch(members);
    await outbox.pinBatch(batch.batchId, members, new Date());
    const commit = await anchorLedgerOf(world.ledger).anchorBatch({ batchId: batch.batchId, root: batch.root, entries: batch.entries });
    // The run died while storing: two proofs landed, then the process was gone.
    await world.signing.anchorResults.create(
      batch.leaves.slice(0, 2).map((leaf) => ({
        _id: leaf.recordId,
        state: 'ANCHORED',
        batchId: batch.batchId,
        leafIndex: leaf.leafIndex,
        proof: leaf.proof,
        treeSize: 4,
        root: batch.root,
        txId: commit.txId,
        anchoredAt: commit.anchoredAt,
        storedAt: new Date(),
      })),
    );
    expect(await runAnchoring(deps(), 1000)).toMatchObject({ anchored: 4, repeated: 1, rejected: 0 });
    for (const { id } of signed) expect(await statusOf(id)).toMatchObject({ state: 'ANCHORED', batchId: batch.batchId, txId: commit.txId });
    expect(await outbox.backlog()).toBe(0);
    expect(await outbox.unfinishedBatches(10)).toEqual([]);
  });

  it('runs as a BullMQ job against real Redis', async () => {
    const signed = await signSome(2, 'queued');
    const prefix = `${suiteQueuePrefix()}-anchor`;
    const worker = await startWorker(
      { redisUrl: testRedisUrl(), queuePrefix: prefix },
      { processors: [anchorProcessor(deps())], logger: pino({ level: 'silent' }) },
    );
    const connection = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
    const queue = new Queue('anchor', { connection, prefix });
    try {
      await queue.add('anchor', { v: 1, maxBatch: 500 }, { jobId: 'anchor-now', removeOnComplete: true });
      const deadline = Date.now() + 15_000;
      const anchored = async () =>
        [
          ...(
            await readAnchorStatus(
              world.signing,
              signed.map((s) => s.id),
            )
          ).values(),
        ].filter((a) => a.state === 'ANCHORED').length;
      while ((await anchored()) < 2) {
        if (Date.now() > deadline) throw new Error('the anchor job did not anchor the records in time');
        await new Promise((r) => setTimeout(r, 100));
      }
      const bad = await queue.add('anchor', { v: 2 }, { attempts: 3 });
      const failedDeadline = Date.now() + 10_000;
      while (!(await bad.isFailed())) {
        if (Date.now() > failedDeadline) throw new Error('an invalid payload was not failed');
        await new Promise((r) => setTimeout(r, 100));
      }
      expect((await queue.getJob(bad.id!))?.attemptsMade).toBe(1); // unrecoverable: no retries
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
      connection.disconnect();
    }
  });
});
