import { closeSync, fdatasyncSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { LedgerError } from '../ledger-error';
import { GENESIS_PREVIOUS_HASH, type LedgerBlock, blockHash, serializeBlock } from './block';

const READ_CHUNK = 4 * 1024 * 1024;

function tampered(blockNumber: number, why: string, cause?: unknown): LedgerError {
  return new LedgerError('LEDGER_TAMPERED', `block file is damaged at block ${blockNumber}: ${why}`, {
    phase: 'storage',
    retry: 'none',
    details: { blockNumber },
    cause,
  });
}

/**
 * Reads and verifies the whole block file, handing each verified block to `onBlock` in order.
 * Verification: every line parses, numbers run 0,1,2,..., each previousHash is the hash of the block
 * before, each hash recomputes, and the file ends on a complete line (a torn last write is truncation).
 * With `maxBlocks`, reading stops after that many blocks and whatever follows is not looked at: a reader
 * beside a live writer reads only what the head record says is committed (read-only-open.ts).
 */
export function readVerifiedBlocks(
  path: string,
  onBlock: (block: LedgerBlock) => void,
  maxBlocks = Number.POSITIVE_INFINITY,
): { height: number; lastHash: string } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { height: 0, lastHash: GENESIS_PREVIOUS_HASH };
    throw error;
  }
  let expected = 0;
  let lastHash = GENESIS_PREVIOUS_HASH;
  let pending = Buffer.alloc(0);
  const chunk = Buffer.allocUnsafe(READ_CHUNK);
  try {
    for (
      let read = readSync(fd, chunk, 0, READ_CHUNK, null);
      read > 0 && expected < maxBlocks;
      read = readSync(fd, chunk, 0, READ_CHUNK, null)
    ) {
      pending = pending.length === 0 ? Buffer.from(chunk.subarray(0, read)) : Buffer.concat([pending, chunk.subarray(0, read)]);
      let start = 0;
      for (let nl = pending.indexOf(10, start); nl >= 0 && expected < maxBlocks; nl = pending.indexOf(10, start)) {
        const block = verifyLine(pending.toString('utf8', start, nl), expected, lastHash);
        onBlock(block);
        lastHash = block.hash;
        expected++;
        start = nl + 1;
      }
      pending = pending.subarray(start);
    }
  } finally {
    closeSync(fd);
  }
  if (pending.length > 0 && expected < maxBlocks) throw tampered(expected, 'the last block is incomplete (truncated write)');
  return { height: expected, lastHash };
}

function verifyLine(line: string, expected: number, previousHash: string): LedgerBlock {
  let block: LedgerBlock;
  try {
    block = JSON.parse(line) as LedgerBlock;
  } catch (error) {
    throw tampered(expected, 'the block is not valid JSON', error);
  }
  if (block === null || typeof block !== 'object' || block.number !== expected) throw tampered(expected, 'block number out of sequence');
  if (block.previousHash !== previousHash) throw tampered(expected, 'previousHash does not match the block before');
  let recomputed: string;
  let canonical: string;
  try {
    recomputed = blockHash(block);
    canonical = serializeBlock(block);
  } catch (error) {
    throw tampered(expected, 'the block is malformed', error);
  }
  if (recomputed !== block.hash) throw tampered(expected, 'the block hash does not match its content');
  // Fields the hash does not cover (added keys, reformatting) are edits too.
  if (canonical !== `${line}\n`) throw tampered(expected, 'the block is not in its written form');
  return block;
}

/** Append-only writer. Each append is one write of one whole line, made durable before it returns. */
export class BlockFileWriter {
  private readonly fd: number;

  constructor(
    path: string,
    private readonly durable: boolean,
  ) {
    this.fd = openSync(path, 'a', 0o600);
  }

  append(line: string): void {
    const bytes = Buffer.from(line, 'utf8');
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
    if (this.durable) fdatasyncSync(this.fd);
  }

  close(): void {
    if (this.durable) fsyncSync(this.fd);
    closeSync(this.fd);
  }
}
