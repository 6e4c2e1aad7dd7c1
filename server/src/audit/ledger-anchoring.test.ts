import { connectSuiteMongoose, type SuiteMongo } from '../../../test/support/env';
import { createLedgerClient, type LedgerClient } from '../ledger';
import { tempDir } from '../ledger/__tests__/support';
import { AuditAnchorer, ledgerAnchorSink } from './audit-anchor';
import { auditHash } from './audit-entry';
import { AuditLog } from './audit-log';
import { auditAnchorModel, auditRecordModel, ensureAuditIndexes } from './audit.model';
import { verifyAuditChain } from './verify-chain';

/** The audit chain anchored on the real embedded ledger (chaincode AnchorAudit) and verified against it. */
let mongo: SuiteMongo;
let dir: ReturnType<typeof tempDir>;
let ledger: LedgerClient;

beforeAll(async () => {
  mongo = await connectSuiteMongoose();
});
afterAll(() => mongo.cleanup());

const records = () => auditRecordModel(mongo.connection);
const anchors = () => auditAnchorModel(mongo.connection);
const entry = (i: number) => ({
  action: 'seal.revoke',
  actor: { id: `acct_${i}`, role: 'SEAL_MAKER_OPERATOR' },
  result: 'SUCCESS' as const,
  sealId: `seal_${i}`,
});
const anchorer = () => new AuditAnchorer(new AuditLog(records()), anchors(), ledgerAnchorSink(ledger));
const verify = () => verifyAuditChain(records(), anchors(), { ledger });

async function append(count: number): Promise<void> {
  const log = new AuditLog(records());
  for (let i = 0; i < count; i++) await log.append(entry(i));
}

beforeEach(async () => {
  await records().deleteMany({});
  await anchors().deleteMany({});
  await ensureAuditIndexes(mongo.connection);
  dir = tempDir();
  ledger = await createLedgerClient({ ledger: 'embedded', dataDir: dir.path, durable: false });
});

afterEach(async () => {
  await ledger.close();
  dir.remove();
});

describe('audit anchoring on the ledger', () => {
  it('publishes contiguous checkpoints on the ledger and records their transaction ids', async () => {
    await append(5);
    const first = await anchorer().anchor();
    await append(3);
    const second = await anchorer().anchor();
    expect(await anchorer().anchor()).toBeUndefined();
    const onLedger = (await ledger.getAuditAnchors({ fromSeq: 1 })).anchors;
    expect(onLedger.map((a) => [a.fromSeq, a.toSeq, a.txId])).toEqual([
      [1, 5, first!.transactionId],
      [6, 8, second!.transactionId],
    ]);
    expect(await verify()).toMatchObject({ valid: true, anchorsChecked: 2, anchoredThrough: 8, anchorSource: 'ledger' });
  });

  it('detects an edited entry and a rewrite, even after the local anchor records are deleted too', async () => {
    await append(6);
    await anchorer().anchor();
    // A self-consistent rewrite from entry 3 on, and the local anchors removed to hide it.
    const all = await records().find({}).sort({ seq: 1 }).lean();
    await records().deleteMany({ seq: { $gte: 3 } });
    const rewriter = new AuditLog(records());
    for (const r of all.slice(2))
      await rewriter.append({
        action: r.seq === 3 ? 'nothing.happened' : r.action,
        actor: r.actor,
        result: r.result,
        at: r.at,
        sealId: r.sealId,
      });
    await anchors().deleteMany({});
    expect((await verifyAuditChain(records(), anchors())).valid).toBe(true); // the database alone is fooled
    expect((await verify()).firstBreak).toMatchObject({ seq: 6, reason: 'ANCHOR_MISMATCH' });
  });

  it('detects a tampered entry and a truncated tail against the ledger', async () => {
    await append(4);
    await anchorer().anchor();
    const second = (await records().findOne({ seq: 2 }).lean())!;
    await records().updateOne({ seq: 2 }, { $set: { result: 'DENIED' } });
    expect((await verify()).firstBreak).toMatchObject({ seq: 2, reason: 'HASH_MISMATCH' });
    const { hash: _old, ...rest } = { ...second, result: 'DENIED' as const };
    await records().updateOne({ seq: 2 }, { $set: { hash: auditHash(rest) } });
    expect((await verify()).firstBreak).toMatchObject({ seq: 3, reason: 'PREV_HASH_MISMATCH' });
    await records().deleteMany({ seq: { $gte: 2 } });
    expect((await verify()).firstBreak).toMatchObject({ seq: 2, reason: 'TRUNCATED' });
  });

  it('continues from the ledger when the local record of a published anchor was lost', async () => {
    await append(3);
    await anchorer().anchor();
    await anchors().deleteMany({}); // as if the process died between publishing and recording
    await append(2);
    const next = await anchorer().anchor();
    expect(next).toMatchObject({ fromSeq: 4, toSeq: 5, sink: 'ledger' });
    expect((await anchors().find({}).sort({ toSeq: 1 }).lean()).map((a) => a.toSeq)).toEqual([3, 5]);
    expect(await verify()).toMatchObject({ valid: true, anchorsChecked: 2 });
  });

  it('starts the ledger at entry 1 after running with the log sink', async () => {
    await append(3);
    await anchors().create({
      _id: 'anchor-3',
      fromSeq: 1,
      toSeq: 3,
      headHash: (await new AuditLog(records()).head()).hash,
      at: new Date().toISOString(),
      sink: 'log',
    });
    await append(1);
    expect(await anchorer().anchor()).toMatchObject({ fromSeq: 1, toSeq: 4 });
  });
});
