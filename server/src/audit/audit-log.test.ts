import { connectSuiteMongoose, type SuiteMongo } from '../../../test/support/env';
import { AuditAnchorer, type AuditAnchorSink, type AuditCheckpoint } from './audit-anchor';
import { AuditLog } from './audit-log';
import { auditAnchorModel, auditRecordModel, ensureAuditIndexes } from './audit.model';
import { verifyAuditChain } from './verify-chain';

let mongo: SuiteMongo;
beforeAll(async () => {
  mongo = await connectSuiteMongoose();
});
afterAll(() => mongo.cleanup());

const records = () => auditRecordModel(mongo.connection);
const anchors = () => auditAnchorModel(mongo.connection);

beforeEach(async () => {
  await records().deleteMany({});
  await anchors().deleteMany({});
  await ensureAuditIndexes(mongo.connection);
});

const entry = (i: number) => ({
  action: 'seal.revoke',
  actor: { id: `acct_${i}`, role: 'SEAL_MAKER_OPERATOR', ip: '10.1.2.3' },
  result: 'SUCCESS' as const,
  sealId: `seal_${i}`,
  details: {},
});

class RecordingSink implements AuditAnchorSink {
  readonly name = 'ledger';
  readonly published: AuditCheckpoint[] = [];
  async publish(checkpoint: AuditCheckpoint) {
    this.published.push(checkpoint);
    return { transactionId: `tx-${checkpoint.toSeq}` };
  }
}

async function appendMany(count: number) {
  // Two writers on one collection stand for two server processes racing for the same positions.
  const a = new AuditLog(records());
  const b = new AuditLog(records());
  await Promise.all(Array.from({ length: count }, (_, i) => (i % 2 === 0 ? a : b).append(entry(i))));
}

describe('AuditLog on the record store', () => {
  it('keeps one gap-free chain when several writers append concurrently', async () => {
    await appendMany(60);
    const report = await verifyAuditChain(records(), anchors());
    expect(report).toMatchObject({ valid: true, entries: 60, head: { seq: 60 } });
    const seqs = (await records().find({}, { seq: 1 }).lean()).map((r) => r.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('appends an entry with a caller-chosen id once, however often the step is repeated', async () => {
    const log = new AuditLog(records());
    const first = await log.append(entry(1), 'audit_claim_1');
    const again = await Promise.all([log.append(entry(1), 'audit_claim_1'), new AuditLog(records()).append(entry(1), 'audit_claim_1')]);
    expect(again.map((r) => r.seq)).toEqual([first.seq, first.seq]);
    expect(await records().countDocuments({ _id: 'audit_claim_1' })).toBe(1);
    await log.append(entry(2));
    expect(await verifyAuditChain(records(), anchors())).toMatchObject({ valid: true, entries: 2 });
  });

  it('names the first edited entry', async () => {
    await appendMany(10);
    await records().updateOne({ seq: 4 }, { $set: { 'actor.id': 'someone_else' } });
    await records().updateOne({ seq: 7 }, { $set: { result: 'DENIED' } });
    expect((await verifyAuditChain(records(), anchors())).firstBreak).toMatchObject({ seq: 4, reason: 'HASH_MISMATCH' });
  });

  it('detects a deleted entry in the middle', async () => {
    await appendMany(10);
    await records().deleteOne({ seq: 5 });
    expect((await verifyAuditChain(records(), anchors())).firstBreak).toMatchObject({ seq: 5, reason: 'SEQ_GAP' });
  });

  it('detects a re-hashed forgery by its broken link', async () => {
    await appendMany(5);
    const { auditHash } = await import('./audit-entry');
    const third = (await records().findOne({ seq: 3 }).lean())!;
    const { hash: _old, ...rest } = { ...third, action: 'forged' };
    await records().updateOne({ seq: 3 }, { $set: { action: 'forged', hash: auditHash(rest) } });
    expect((await verifyAuditChain(records(), anchors())).firstBreak).toMatchObject({ seq: 4, reason: 'PREV_HASH_MISMATCH' });
  });

  it('anchors the head, and then detects a truncated tail and a rewritten chain', async () => {
    await appendMany(8);
    const sink = new RecordingSink();
    const anchorer = new AuditAnchorer(new AuditLog(records()), anchors(), sink);
    const first = await anchorer.anchor();
    expect(first).toMatchObject({ fromSeq: 1, toSeq: 8, sink: 'ledger', transactionId: 'tx-8' });
    expect(await anchorer.anchor()).toBeUndefined(); // nothing new
    const ok = await verifyAuditChain(records(), anchors());
    expect(ok).toMatchObject({ valid: true, anchorsChecked: 1, anchoredThrough: 8 });

    await records().deleteMany({ seq: { $gte: 7 } });
    expect((await verifyAuditChain(records(), anchors())).firstBreak).toMatchObject({ seq: 7, reason: 'TRUNCATED' });
  });

  it('detects a self-consistent rewrite of history through the anchor', async () => {
    await appendMany(4);
    await new AuditAnchorer(new AuditLog(records()), anchors(), new RecordingSink()).anchor();
    // Rebuild the whole chain with one entry changed: internally consistent, but not what was anchored.
    const all = await records().find({}).sort({ seq: 1 }).lean();
    await records().deleteMany({});
    const rewriter = new AuditLog(records());
    for (const r of all)
      await rewriter.append({
        action: r.seq === 2 ? 'nothing.happened' : r.action,
        actor: r.actor,
        result: r.result,
        at: r.at,
        sealId: r.sealId,
        details: r.details,
      });
    expect((await verifyAuditChain(records(), anchors())).firstBreak).toMatchObject({ seq: 4, reason: 'ANCHOR_MISMATCH' });
  });
});
