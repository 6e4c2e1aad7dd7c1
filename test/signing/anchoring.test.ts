import { merkleLeafHash, verifyInclusion } from '@eseal/core';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { MongoAnchorOutbox } from '../../server/src/store/signing';
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
    outbox = new MongoAnchorOutbox(world.signing.records);
  });
  afterAll(async () => world?.close());

  it('anchors pending records with proofs that check against the on-chain root, and rejects a record the ledger refuses', async () => {
    const signed = await signSome(4, 'anchor');
    // A record for a seal the ledger never issued: the chaincode refuses it, the others still anchor.
    const orphan = await world.signing.records.findById(signed[0]!.id).lean();
    await world.signing.records.create({ ...orphan, _id: 'sig_orphan', sealCode: '9999999999999', signatureSm3: 'ab'.repeat(32), anchor: { state: 'PENDING', attempts: 0 } });

    const result = await runAnchoring(deps(), 1000);
    expect(result).toMatchObject({ anchored: 4, rejected: 1 });
    expect(await outbox.backlog()).toBe(0);
    expect((await world.signing.records.findById('sig_orphan').lean())?.anchor).toMatchObject({ state: 'REJECTED', lastError: expect.stringContaining('SEAL_NOT_ACTIVE') });

    for (const { id } of signed) {
      const record = (await world.signing.records.findById(id).lean())!;
      expect(record.anchor.state).toBe('ANCHORED');
      const leaf = merkleLeafHash(anchorLeafData(anchorEntry({ recordId: id, sealCode: record.sealCode, signedAt: record.signedAt, signatureSm3: record.signatureSm3, documentSm3: record.documentSm3After })));
      const onChain = await world.ledger.getBatch(record.anchor.batchId!);
      expect(onChain.root).toBe(record.anchor.root);
      expect(verifyInclusion(leaf, { leafIndex: record.anchor.leafIndex!, treeSize: record.anchor.treeSize!, path: record.anchor.proof! }, Buffer.from(onChain.root, 'hex'))).toBe(true);
      expect(verifyInclusion(leaf, { leafIndex: (record.anchor.leafIndex! + 1) % 4, treeSize: 4, path: record.anchor.proof! }, Buffer.from(onChain.root, 'hex'))).toBe(false);
      expect(await world.ledger.getSignature(record.signatureSm3)).toMatchObject({ recordId: id, sealId: seal.sealCode, documentSm3: record.documentSm3After });
    }

    const report = await as(world, auditor()).verify(signed[1]!.signedPdf);
    const anchorCheck = report.body.signatures[0].checks.find((c: { id: string }) => c.id === 'ledger.anchor');
    expect(anchorCheck).toMatchObject({ status: 'pass' });
    expect(report.body.valid).toBe(true);

    expect(await runAnchoring(deps(), 1000)).toMatchObject({ batches: 0, anchored: 0 });
  });

  it('finishes a batch a dead run left pinned, and a repeat of an anchored batch is a no-op on the ledger', async () => {
    await signSome(3, 'crash');
    const longAgo = new Date(Date.now() - 10 * 60_000);
    // Run 1 died after pinning the batch, before the ledger call.
    const claimed = await outbox.claim('claim_dead_1', 2, longAgo);
    const pinned = buildBatch(claimed);
    await outbox.assignBatch('claim_dead_1', pinned.batchId);
    const finished = await runAnchoring(deps(), 1000);
    expect(finished.anchored).toBe(3);
    const pinnedRecord = (await world.signing.records.findById(claimed[0]!.recordId).lean())!;
    expect(pinnedRecord.anchor).toMatchObject({ state: 'ANCHORED', batchId: pinned.batchId });

    // Run 2 died after the ledger call, before storing the proofs: the re-run rebuilds the same batch id.
    const [d] = await signSome(1, 'after-ledger');
    const claimed2 = await outbox.claim('claim_dead_2', 10, longAgo);
    const batch2 = buildBatch(claimed2);
    await outbox.assignBatch('claim_dead_2', batch2.batchId);
    await anchorLedgerOf(world.ledger).anchorBatch({ batchId: batch2.batchId, root: batch2.root, entries: batch2.entries });
    const rerun = await runAnchoring(deps(), 1000);
    expect(rerun).toMatchObject({ repeated: 1, anchored: 1 });
    expect((await world.signing.records.findById(d!.id).lean())?.anchor.state).toBe('ANCHORED');
  });

  it('runs as a BullMQ job against real Redis', async () => {
    const signed = await signSome(2, 'queued');
    const prefix = `${suiteQueuePrefix()}-anchor`;
    const worker = await startWorker({ redisUrl: testRedisUrl(), queuePrefix: prefix }, { processors: [anchorProcessor(deps())], logger: pino({ level: 'silent' }) });
    const connection = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
    const queue = new Queue('anchor', { connection, prefix });
    try {
      await queue.add('anchor', { v: 1, maxBatch: 500 }, { jobId: 'anchor-now', removeOnComplete: true });
      const deadline = Date.now() + 15_000;
      while ((await world.signing.records.countDocuments({ _id: { $in: signed.map((s) => s.id) }, 'anchor.state': 'ANCHORED' })) < 2) {
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
