import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SealError, sm3Hex } from '@eseal/core';
import { BLOCK_FILE_NAME, HEAD_FILE_NAME } from '../ledger/embedded/embedded-ledger';
import { readHeadRecord } from '../ledger/embedded/head-record';
import type { BackupManifest } from './manifest';
import { sm3File } from './sm3-file';

/**
 * Copies the embedded ledger as of its head record: the head is read first, then exactly the blocks
 * up to it. The block file is append-only, so a block committed during the copy is simply not
 * included, and the copy is a consistent prefix whose last hash equals the head it claims.
 */
export async function snapshotLedger(ledgerDir: string, archiveDir: string): Promise<NonNullable<BackupManifest['ledger']>> {
  const head = readHeadRecord(join(ledgerDir, HEAD_FILE_NAME)) ?? { number: -1, hash: '0'.repeat(64) };
  const blocks = readLines(join(ledgerDir, BLOCK_FILE_NAME), head.number + 1);
  if (blocks.length > 0) {
    const last = JSON.parse(blocks[blocks.length - 1]) as { number: number; hash: string };
    if (last.number !== head.number || last.hash !== head.hash) {
      throw new SealError('LEDGER_TAMPERED', 'the block file does not end at the head record', { details: { head } });
    }
  }
  const blocksPath = `ledger/${BLOCK_FILE_NAME}`;
  const headPath = `ledger/${HEAD_FILE_NAME}`;
  writeFileSync(join(archiveDir, blocksPath), blocks.map((line) => `${line}\n`).join(''), { flag: 'wx', mode: 0o600 });
  const headText = JSON.stringify(head);
  writeFileSync(join(archiveDir, headPath), headText, { flag: 'wx', mode: 0o600 });
  return {
    blocks: { path: blocksPath, ...(await sm3File(join(archiveDir, blocksPath))) },
    head: { path: headPath, sm3: sm3Hex(headText), bytes: Buffer.byteLength(headText) },
    height: head.number + 1,
    headHash: head.hash,
  };
}

/** The first `count` complete lines of a file (no line splitting of a partial last write). */
function readLines(path: string, count: number): string[] {
  if (count <= 0) return [];
  const fd = openSync(path, 'r');
  const lines: string[] = [];
  let pending = Buffer.alloc(0);
  const chunk = Buffer.allocUnsafe(4 * 1024 * 1024);
  try {
    for (
      let n = readSync(fd, chunk, 0, chunk.length, null);
      n > 0 && lines.length < count;
      n = readSync(fd, chunk, 0, chunk.length, null)
    ) {
      pending = Buffer.concat([pending, chunk.subarray(0, n)]);
      let start = 0;
      for (let nl = pending.indexOf(10, start); nl >= 0 && lines.length < count; nl = pending.indexOf(10, start)) {
        lines.push(pending.toString('utf8', start, nl));
        start = nl + 1;
      }
      pending = pending.subarray(start);
    }
  } finally {
    closeSync(fd);
  }
  if (lines.length < count)
    throw new SealError('LEDGER_TAMPERED', `the block file has ${lines.length} blocks, the head record says ${count}`);
  return lines;
}
