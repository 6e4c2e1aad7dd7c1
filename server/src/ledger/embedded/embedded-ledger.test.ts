import { readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContractLedgerClient } from '../contract-ledger-client';
import { DEFAULT_EMBEDDED_IDENTITY } from '../config';
import { LedgerError } from '../ledger-error';
import type { LedgerClient, LedgerEvent } from '../types';
import { anchorBatchInput, entryFixture, fixedClock, sealFixture, sm3, tempDir } from '../__tests__/support';
import { blockHash, type LedgerBlock, serializeBlock } from './block';
import { BLOCK_FILE_NAME, EmbeddedLedger, HEAD_FILE_NAME } from './embedded-ledger';
import { anchorBatchRoot } from '@eseal/core';

const POLICE = { mspId: 'PublicSecurityMSP', id: 'x509::CN=officer', attributes: { 'eseal.role': 'seal.revoker' } };

let dir: ReturnType<typeof tempDir>;
let clock: ReturnType<typeof fixedClock>;
const open: EmbeddedLedger[] = [];

beforeEach(() => {
  dir = tempDir();
  clock = fixedClock('2026-01-10T00:00:00.000Z');
});

afterEach(async () => {
  for (const ledger of open.splice(0)) await ledger.close();
  dir.remove();
});

function openLedger(): EmbeddedLedger {
  const ledger = EmbeddedLedger.open({ dataDir: dir.path, clock: clock.now });
  open.push(ledger);
  return ledger;
}

async function closeAll(): Promise<void> {
  for (const ledger of open.splice(0)) await ledger.close();
}

function client(ledger: EmbeddedLedger, as = DEFAULT_EMBEDDED_IDENTITY): LedgerClient {
  return createContractLedgerClient(ledger.transport(as));
}

/** Three blocks: issue S-1, anchor a batch signed by it, revoke it. */
async function seedThreeBlocks(c: LedgerClient): Promise<void> {
  await c.issueSeal(sealFixture('S-1'));
  clock.set('2026-02-01T00:00:00.000Z');
  await c.anchorBatch(anchorBatchInput('b-1', [entryFixture(1, 'S-1', '2026-01-20T00:00:00.000Z')]));
  clock.set('2026-03-01T00:00:00.000Z');
  await c.revokeSeal({ sealId: 'S-1', reason: 'KEY_LEAKED' });
}

function blockLines(): string[] {
  return readFileSync(join(dir.path, BLOCK_FILE_NAME), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
}

function writeBlockLines(lines: string[]): void {
  writeFileSync(join(dir.path, BLOCK_FILE_NAME), lines.map((l) => `${l}\n`).join(''));
}

function openError(): LedgerError {
  try {
    openLedger();
  } catch (error) {
    if (error instanceof LedgerError) return error;
    throw error;
  }
  throw new Error('expected the ledger to refuse to open');
}

describe('embedded ledger persistence', () => {
  it('rebuilds the same state, history and evidence after a restart, and keeps chaining', async () => {
    const first = client(openLedger());
    await seedThreeBlocks(first);
    const before = {
      seal: await first.getSeal('S-1'),
      history: await first.getSealHistory('S-1'),
      sig: await first.getBatchSignature('b-1', sm3('sig-1')),
    };
    await closeAll();

    const reopened = openLedger();
    expect(reopened.height).toBe(3);
    const second = client(reopened);
    expect(await second.getSeal('S-1')).toEqual(before.seal);
    expect(await second.getSealHistory('S-1')).toEqual(before.history);
    expect(await second.getBatchSignature('b-1', sm3('sig-1'))).toEqual(before.sig);
    expect(before.history.map((h) => h.seal?.status)).toEqual(['REVOKED', 'ACTIVE']);

    const next = await second.issueSeal(sealFixture('S-2'));
    expect(next.blockNumber).toBe(3);
    const lines = blockLines().map((l) => JSON.parse(l) as LedgerBlock);
    expect(lines.map((b) => b.number)).toEqual([0, 1, 2, 3]);
    expect(lines[3]!.previousHash).toBe(lines[2]!.hash);
    expect(lines[3]).toMatchObject({
      fn: 'IssueSeal',
      creator: { mspId: 'MakerMSP' },
      txId: next.transactionId,
      event: { name: 'SealIssued' },
    });
  });

  it('records who called, what and when in each block, with an SM3 hash over the content', async () => {
    await seedThreeBlocks(client(openLedger()));
    const block = JSON.parse(blockLines()[2]!) as LedgerBlock;
    expect(block).toMatchObject({
      number: 2,
      fn: 'RevokeSeal',
      timestamp: { seconds: Date.parse('2026-03-01T00:00:00.000Z') / 1000, nanos: 0 },
    });
    expect(block.writeSet).toHaveLength(1);
    expect(block.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(blockHash(block)).toBe(block.hash);
  });

  it('does not write a block for a refused transaction and reports it typed with phase and transaction id', async () => {
    const ledger = openLedger();
    const c = client(ledger);
    await seedThreeBlocks(c);
    const error = await c.changeSeal({ sealId: 'S-1', reason: 'X', sesealSm3: sm3('n') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerError);
    expect(error).toMatchObject({ code: 'SEAL_REVOKED', phase: 'endorse', retry: 'none' });
    expect((error as LedgerError).transactionId).toMatch(/^[0-9a-f]{64}$/);
    expect(ledger.height).toBe(3);
    await expect(c.getSeal('S-404')).rejects.toMatchObject({ code: 'NOT_FOUND', phase: 'evaluate' });
  });

  it('judges expiry with the transaction clock', async () => {
    const c = client(openLedger());
    await c.issueSeal(sealFixture('S-1'));
    clock.set('2027-01-02T00:00:00.000Z');
    await expect(c.revokeSeal({ sealId: 'S-1', reason: 'ESEAL_RETIRED' })).rejects.toMatchObject({ code: 'SEAL_EXPIRED' });
  });

  it('applies access control to the calling identity', async () => {
    const ledger = openLedger();
    await client(ledger).issueSeal(sealFixture('S-1'));
    const police = client(ledger, POLICE);
    await expect(police.issueSeal(sealFixture('S-2'))).rejects.toMatchObject({ code: 'LEDGER_ACCESS_DENIED' });
    const revoked = await police.revokeSeal({ sealId: 'S-1', reason: 'SEAL_LOST_OR_STOLEN' });
    expect(revoked.value.revocation).toMatchObject({ byMsp: 'PublicSecurityMSP' });
  });

  it('serialises concurrent writes into one unbroken chain', async () => {
    const c = client(openLedger());
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => c.issueSeal(sealFixture(`C-${String(i).padStart(2, '0')}`))));
    expect(results.map((r) => r.blockNumber).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    await closeAll();
    const page = await client(openLedger()).querySealsByUnit(sealFixture('x').unitId, { pageSize: 100 });
    expect(page.seals).toHaveLength(25);
  });

  it('lets only one ledger instance own a data directory', () => {
    openLedger();
    expect(openError()).toMatchObject({ code: 'LEDGER_UNAVAILABLE' });
  });

  it('refuses service after close', async () => {
    const ledger = openLedger();
    const c = client(ledger);
    await ledger.close();
    await expect(c.health()).rejects.toMatchObject({ code: 'LEDGER_UNAVAILABLE' });
  });
});

describe('embedded ledger queries', () => {
  const missingIds = (c: LedgerClient, n: number) =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        c.getBatchSignature('b-404', sm3(`missing-${i}`)).then(
          () => {
            throw new Error('expected NOT_FOUND');
          },
          (error: LedgerError) => error.transactionId!,
        ),
      ),
    );

  it("gives every query its own transaction id in Fabric's form, apart from the submits'", async () => {
    const ledger = openLedger();
    const c = client(ledger);
    const issued = await c.issueSeal(sealFixture('S-1'));
    const reader = await EmbeddedLedger.openReadOnly({ dataDir: dir.path, clock: clock.now });
    open.push(reader);
    const ids = [...(await missingIds(c, 200)), ...(await missingIds(client(reader), 200))];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain(issued.transactionId);
  });

  it('answers a missing record with NOT_FOUND in the evaluate phase, details as before', async () => {
    const c = client(openLedger());
    const missing = 'b-404';
    const error = await c.getBatchSignature(missing, sm3('not anchored')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerError);
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: `batch ${missing} not found`, phase: 'evaluate', retry: 'none' });
    expect((error as LedgerError).details).toEqual({
      batch: missing,
      phase: 'evaluate',
      transactionId: (error as LedgerError).transactionId,
      retry: 'none',
    });
    await expect(c.getBatch('b-404')).rejects.toMatchObject({ code: 'NOT_FOUND', details: { batch: 'b-404' } });
  });

  it('gives a read-only snapshot the batch that first anchored each signature, from its blocks', async () => {
    const c = client(openLedger());
    await seedThreeBlocks(c); // b-1 anchors sig-1
    await c.issueSeal(sealFixture('S-2'));
    clock.set('2026-04-01T00:00:00.000Z');
    const again = anchorBatchInput('b-2', [
      entryFixture(1, 'S-2', '2026-03-20T00:00:00.000Z'),
      entryFixture(2, 'S-2', '2026-03-20T00:00:00.000Z'),
    ]);
    await c.anchorBatch(again);
    await c.anchorBatch(again); // a repeat: no write, nothing new anchored
    const snapshot = await EmbeddedLedger.openReadOnly({ dataDir: dir.path, clock: clock.now });
    open.push(snapshot);
    expect(snapshot.anchoredBatches!.batchOf(sm3('sig-1'))).toBe('b-1');
    expect(snapshot.anchoredBatches!.batchOf(sm3('sig-2'))).toBe('b-2');
    expect(snapshot.anchoredBatches!.batchOf(sm3('sig-3'))).toBeUndefined();
  });

  it('answers a found record with the record as issued', async () => {
    const c = client(openLedger());
    const issued = await c.issueSeal(sealFixture('S-1'));
    expect(await c.getSeal('S-1')).toEqual(issued.value.seal);
  });
});

describe('embedded ledger tamper detection', () => {
  beforeEach(async () => {
    await seedThreeBlocks(client(openLedger()));
    await closeAll();
  });

  it('names the block whose bytes were altered (one flipped hex digit)', () => {
    const lines = blockLines();
    const at = lines[1]!.indexOf(sm3('sig-1')) + 5;
    const flipped = lines[1]![at] === '0' ? '1' : '0';
    lines[1] = lines[1]!.slice(0, at) + flipped + lines[1]!.slice(at + 1);
    writeBlockLines(lines);
    const error = openError();
    expect(error).toMatchObject({
      code: 'LEDGER_TAMPERED',
      details: expect.objectContaining({ blockNumber: 1, file: join(dir.path, BLOCK_FILE_NAME) }),
    });
    expect(error.message).toMatch(/block 1/);
    // The operator is told which file and what to do: a hash chain is restored, never repaired in place.
    expect(error.message).toContain(join(dir.path, BLOCK_FILE_NAME));
    expect(error.message).toMatch(/restore the ledger from a backup/);
  });

  it('catches a field added to a block, which the hash alone does not cover', () => {
    const lines = blockLines();
    const block = JSON.parse(lines[0]!) as LedgerBlock & { note?: string };
    block.note = 'approved by nobody';
    lines[0] = JSON.stringify(block);
    writeBlockLines(lines);
    expect(openError()).toMatchObject({ code: 'LEDGER_TAMPERED', details: expect.objectContaining({ blockNumber: 0 }) });
  });

  it('catches a block rewritten with a recomputed hash, at the next block', () => {
    const lines = blockLines();
    const block = JSON.parse(lines[1]!) as LedgerBlock;
    block.args = [block.args[0]!.replace('rec-1', 'rec-X')];
    block.hash = blockHash(block);
    lines[1] = serializeBlock(block).trimEnd();
    writeBlockLines(lines);
    expect(openError()).toMatchObject({ code: 'LEDGER_TAMPERED', details: expect.objectContaining({ blockNumber: 2 }) });
  });

  it('catches even a consistently rewritten last block through the head record', () => {
    const lines = blockLines();
    const block = JSON.parse(lines[2]!) as LedgerBlock;
    block.fn = 'ChangeSeal';
    block.hash = blockHash(block);
    lines[2] = serializeBlock(block).trimEnd();
    writeBlockLines(lines);
    expect(openError()).toMatchObject({ code: 'LEDGER_TAMPERED', details: expect.objectContaining({ blockNumber: 2 }) });
  });

  it('detects a file cut in the middle of a block', () => {
    const path = join(dir.path, BLOCK_FILE_NAME);
    truncateSync(path, readFileSync(path).length - 20);
    expect(openError()).toMatchObject({ code: 'LEDGER_TAMPERED', details: expect.objectContaining({ blockNumber: 2 }) });
  });

  it('detects whole blocks removed from the end', () => {
    writeBlockLines(blockLines().slice(0, 2));
    const error = openError();
    expect(error).toMatchObject({ code: 'LEDGER_TAMPERED', details: expect.objectContaining({ blockNumber: 2 }) });
    expect(error.message).toMatch(/truncated/);
  });

  it('detects a deleted head record and a reordered file', () => {
    rmSync(join(dir.path, HEAD_FILE_NAME));
    expect(openError()).toMatchObject({
      code: 'LEDGER_TAMPERED',
      details: expect.objectContaining({ file: join(dir.path, HEAD_FILE_NAME) }),
    });
    const lines = blockLines();
    writeBlockLines([lines[1]!, lines[0]!, lines[2]!]);
    expect(openError()).toMatchObject({ code: 'LEDGER_TAMPERED' });
  });

  it('rolls forward over verified blocks whose head update was lost in a crash', async () => {
    const lines = blockLines().map((l) => JSON.parse(l) as LedgerBlock);
    writeFileSync(join(dir.path, HEAD_FILE_NAME), JSON.stringify({ number: 0, hash: lines[0]!.hash }));
    const ledger = openLedger();
    expect(ledger.height).toBe(3);
    await ledger.close();
    open.splice(0);
    expect(JSON.parse(readFileSync(join(dir.path, HEAD_FILE_NAME), 'utf8'))).toEqual({ number: 2, hash: lines[2]!.hash });
  });

  it('releases the directory after refusing, so a repaired ledger can open', () => {
    const original = blockLines();
    writeBlockLines(['{broken', ...original.slice(1)]);
    expect(openError()).toMatchObject({ code: 'LEDGER_TAMPERED', details: expect.objectContaining({ blockNumber: 0 }) });
    writeBlockLines(original);
    expect(openLedger().height).toBe(3);
  });
});

describe('embedded ledger events', () => {
  function collector() {
    const seen: LedgerEvent[] = [];
    let waiters: Array<() => void> = [];
    return {
      seen,
      listener: (e: LedgerEvent) => {
        seen.push(e);
        const current = waiters;
        waiters = [];
        current.forEach((w) => w());
      },
      until: (n: number) =>
        new Promise<void>((resolve) => {
          const check = () => (seen.length >= n ? resolve() : waiters.push(check));
          check();
        }),
    };
  }

  it('replays from a block number, then follows live, in order', async () => {
    const c = client(openLedger());
    await seedThreeBlocks(c);
    const all = collector();
    const sub = await c.subscribe(all.listener, { from: { blockNumber: 0 } });
    await all.until(3);
    await c.issueSeal(sealFixture('S-2'));
    await all.until(4);
    sub.close();
    await sub.done;
    expect(all.seen.map((e) => [e.blockNumber, e.name])).toEqual([
      [0, 'SealIssued'],
      [1, 'BatchAnchored'],
      [2, 'SealRevoked'],
      [3, 'SealIssued'],
    ]);
    expect(all.seen[1]!.payload).toMatchObject({
      batchId: 'b-1',
      root: anchorBatchRoot([entryFixture(1, 'S-1', '2026-01-20T00:00:00.000Z')]),
      entryCount: 1,
    });
  });

  it('resumes after a stored checkpoint across a restart without repeating or skipping', async () => {
    const c = client(openLedger());
    await seedThreeBlocks(c);
    const first = collector();
    const sub = await c.subscribe(first.listener, { from: { blockNumber: 0 } });
    await first.until(2);
    sub.close();
    await sub.done;
    const checkpoint = { blockNumber: first.seen[1]!.blockNumber, transactionId: first.seen[1]!.transactionId };
    await closeAll();

    const resumed = collector();
    const c2 = client(openLedger());
    const sub2 = await c2.subscribe(resumed.listener, { from: checkpoint });
    await resumed.until(1);
    sub2.close();
    await sub2.done;
    expect(resumed.seen.map((e) => e.name)).toEqual(['SealRevoked']);
    expect(resumed.seen[0]!.blockNumber).toBe(2);
  });

  it('delivers only new events without a cursor, and ends with the listener error so nothing is skipped', async () => {
    const c = client(openLedger());
    await seedThreeBlocks(c);
    const sub = await c.subscribe(() => {
      throw new Error('listener broke');
    });
    await c.issueSeal(sealFixture('S-9'));
    await expect(sub.done).rejects.toThrow('listener broke');
  });

  it('waits for the cursor block when the cursor is ahead of the ledger', async () => {
    const c = client(openLedger());
    const seen = collector();
    const sub = await c.subscribe(seen.listener, { from: { blockNumber: 2 } });
    await c.issueSeal(sealFixture('S-0'));
    await c.issueSeal(sealFixture('S-1'));
    await c.issueSeal(sealFixture('S-2'));
    await seen.until(1);
    sub.close();
    await sub.done;
    expect(seen.seen.map((e) => [e.blockNumber, e.payload])).toEqual([[2, expect.objectContaining({ sealId: 'S-2' })]]);
  });

  it('ends subscriptions when the ledger closes', async () => {
    const ledger = openLedger();
    const sub = await client(ledger).subscribe(() => undefined, { from: { blockNumber: 0 } });
    await ledger.close();
    await expect(sub.done).resolves.toBeUndefined();
  });
});
