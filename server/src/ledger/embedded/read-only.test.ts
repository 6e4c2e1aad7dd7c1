import { appendFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContractLedgerClient } from '../contract-ledger-client';
import { createLedgerClient } from '../create-ledger-client';
import { DEFAULT_EMBEDDED_IDENTITY } from '../config';
import { LedgerError } from '../ledger-error';
import type { LedgerClient } from '../types';
import { fixedClock, sealFixture, tempDir } from '../__tests__/support';
import { BLOCK_FILE_NAME, EmbeddedLedger, HEAD_FILE_NAME } from './embedded-ledger';

let dir: ReturnType<typeof tempDir>;
let writer: EmbeddedLedger;
let writes: LedgerClient;
const readers: LedgerClient[] = [];

beforeEach(async () => {
  dir = tempDir();
  writer = EmbeddedLedger.open({ dataDir: dir.path, durable: false, clock: fixedClock('2026-01-10T00:00:00.000Z').now });
  writes = createContractLedgerClient(writer.transport(DEFAULT_EMBEDDED_IDENTITY));
  for (const id of ['S-1', 'S-2', 'S-3']) await writes.issueSeal(sealFixture(id));
});

afterEach(async () => {
  for (const reader of readers.splice(0)) await reader.close();
  await writer.close();
  dir.remove();
});

async function openReader(path = dir.path): Promise<LedgerClient> {
  const reader = await createLedgerClient({ ledger: 'embedded', dataDir: path, readOnly: true });
  readers.push(reader);
  return reader;
}

async function openError(): Promise<LedgerError> {
  try {
    await openReader();
  } catch (error) {
    if (error instanceof LedgerError) return error;
    throw error;
  }
  throw new Error('expected the read-only open to fail');
}

describe('embedded ledger opened read-only', () => {
  it('opens while the writer holds the directory lock and serves the committed state', async () => {
    expect(() => EmbeddedLedger.open({ dataDir: dir.path })).toThrow(expect.objectContaining({ code: 'LEDGER_UNAVAILABLE' }));
    const reader = await openReader();
    expect((await reader.getSeal('S-2')).sealId).toBe('S-2');
    expect(await reader.getSealHistory('S-3')).toHaveLength(1);
    await reader.health();
  });

  it('refuses writes with a coded error and leaves the files untouched', async () => {
    const before = readFileSync(join(dir.path, BLOCK_FILE_NAME));
    const reader = await openReader();
    await expect(reader.issueSeal(sealFixture('S-9'))).rejects.toMatchObject({
      code: 'LEDGER_ACCESS_DENIED',
      details: expect.objectContaining({ readOnly: true }),
    });
    await expect(
      reader.anchorAudit({ fromSeq: 1, toSeq: 1, headHash: 'a'.repeat(64), at: '2026-01-10T00:00:00.000Z' }),
    ).rejects.toMatchObject({ code: 'LEDGER_ACCESS_DENIED' });
    expect(readFileSync(join(dir.path, BLOCK_FILE_NAME))).toEqual(before);
    // The writer is unaffected, and a reader's close releases nothing of the writer's.
    await reader.close();
    await writes.issueSeal(sealFixture('S-4'));
  });

  it('reads only up to the head record while the writer is mid-commit', async () => {
    // The writer's state between appending a block and updating the head record, with the next block
    // already half-written after it.
    const headPath = join(dir.path, HEAD_FILE_NAME);
    const headBefore = readFileSync(headPath);
    await writes.issueSeal(sealFixture('S-4'));
    writeFileSync(headPath, headBefore);
    appendFileSync(join(dir.path, BLOCK_FILE_NAME), '{"args":["{\\"sealId\\":\\"S-5');
    const reader = await openReader();
    expect((await reader.getSeal('S-3')).sealId).toBe('S-3');
    await expect(reader.getSeal('S-4')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps serving while the writer commits, and a new open sees the new blocks', async () => {
    const reader = await openReader();
    const appends = Promise.all(Array.from({ length: 20 }, (_, i) => writes.issueSeal(sealFixture(`T-${i}`))));
    // Opens racing the appends each see a consistent prefix.
    const racing = await Promise.all(Array.from({ length: 5 }, () => openReader()));
    await appends;
    await expect(reader.getSeal('T-19')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    for (const r of racing) expect((await r.getSeal('S-1')).sealId).toBe('S-1');
    expect((await (await openReader()).getSeal('T-19')).sealId).toBe('T-19');
  });

  it('waits out a head record caught mid-rewrite, and refuses one that stays unreadable', async () => {
    const headPath = join(dir.path, HEAD_FILE_NAME);
    const head = readFileSync(headPath);
    writeFileSync(headPath, '{"numb');
    setTimeout(() => writeFileSync(headPath, head), 30);
    expect((await (await openReader()).getSeal('S-3')).sealId).toBe('S-3');
    writeFileSync(headPath, '{"numb');
    expect((await openError()).code).toBe('LEDGER_TAMPERED');
  });

  it('refuses a tampered block file with LEDGER_TAMPERED', async () => {
    const path = join(dir.path, BLOCK_FILE_NAME);
    writeFileSync(path, readFileSync(path, 'utf8').replace('S-2', 'S-7'));
    expect((await openError()).code).toBe('LEDGER_TAMPERED');
  });

  it('refuses a block file cut short of the head record, and a head that names another block', async () => {
    const path = join(dir.path, BLOCK_FILE_NAME);
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    writeFileSync(path, `${lines.slice(0, 2).join('\n')}\n`);
    expect((await openError()).details).toMatchObject({ blockNumber: 2, recordedHead: 2 });
    writeFileSync(path, `${lines.join('\n')}\n`);
    writeFileSync(join(dir.path, HEAD_FILE_NAME), JSON.stringify({ number: 2, hash: 'f'.repeat(64) }));
    expect((await openError()).code).toBe('LEDGER_TAMPERED');
  });

  it('serves an empty ledger for a directory that does not exist, without creating it', async () => {
    const missing = join(dir.path, 'nothing-here');
    const reader = await openReader(missing);
    await expect(reader.getSeal('S-1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(existsSync(missing)).toBe(false);
    expect(readdirSync(dir.path).sort()).toEqual([BLOCK_FILE_NAME, HEAD_FILE_NAME, 'LOCK'].sort());
  });
});
