import { buildBatch } from '../anchor/anchor-batch';
import { handleLedgerEvent } from './handle-event';
import type { BatchMember } from './ports';
import { FakeEventLog, fakePorts } from './__tests__/fakes';

const hex = (n: number) => n.toString(16).padStart(64, '0');
const member = (n: number, anchored = false): BatchMember => ({
  recordId: `sig_${n}`,
  sealCode: 'seal-1',
  signedAt: new Date(Date.UTC(2026, 0, n)),
  signatureSm3: hex(n),
  documentSm3: hex(100 + n),
  anchored,
});

describe('handleLedgerEvent: BatchAnchored', () => {
  function setup(members: BatchMember[]) {
    const fake = fakePorts(new FakeEventLog());
    const batch = buildBatch(members);
    fake.batches.set(batch.batchId, members);
    const event = (payload: Record<string, unknown> = {}) => ({
      blockNumber: 7,
      transactionId: 'tx-anchor',
      name: 'BatchAnchored',
      payload: { batchId: batch.batchId, root: batch.root, entryCount: members.length, at: '2026-01-05T00:00:00.000Z', ...payload },
    });
    return { fake, batch, event };
  }

  it('stores the proofs a crashed anchor job did not, once, with the ledger transaction', async () => {
    const { fake, batch, event } = setup([member(1), member(2, true), member(3)]);
    expect(await handleLedgerEvent(fake.ports, event())).toEqual({ kind: 'batch-stored', batchId: batch.batchId, records: 3 });
    expect(fake.stored).toEqual([
      {
        facts: {
          batchId: batch.batchId,
          root: batch.root,
          treeSize: 3,
          txId: 'tx-anchor',
          anchoredAt: new Date('2026-01-05T00:00:00.000Z'),
        },
        leaves: batch.leaves,
      },
    ]);
    // Delivered again after a restart: everything is stored, nothing is written.
    expect(await handleLedgerEvent(fake.ports, event())).toEqual({ kind: 'batch-already-stored', batchId: batch.batchId });
    expect(fake.stored).toHaveLength(1);
  });

  it('stores nothing when the pinned records do not rebuild the anchored root', async () => {
    const { fake, batch, event } = setup([member(1), member(2)]);
    expect(await handleLedgerEvent(fake.ports, event({ root: hex(999) }))).toEqual({ kind: 'batch-mismatch', batchId: batch.batchId });
    expect(await handleLedgerEvent(fake.ports, event({ entryCount: 3 }))).toEqual({ kind: 'batch-mismatch', batchId: batch.batchId });
    expect(fake.stored).toEqual([]);
  });

  it('ignores a batch with none of our records, and a malformed payload', async () => {
    const { fake, event } = setup([member(1)]);
    expect((await handleLedgerEvent(fake.ports, event({ batchId: 'batch_other' }))).kind).toBe('ignored');
    expect((await handleLedgerEvent(fake.ports, event({ root: 'not-hex' }))).kind).toBe('ignored');
    expect((await handleLedgerEvent(fake.ports, event({ at: 'yesterday' }))).kind).toBe('ignored');
    expect(fake.stored).toEqual([]);
  });
});
