import { statSync } from 'node:fs';
import { namingDamagedFileAsync } from './damaged-ledger';
import { LedgerError } from '../ledger-error';
import type { LedgerBlock } from './block';
import { readVerifiedBlocks } from './block-file';
import { type HeadRecord, readHeadRecord } from './head-record';

/** A head record being rewritten in place can be read half-written; a fresh read a moment later is whole. */
const HEAD_READ_ATTEMPTS = 5;
const HEAD_RETRY_MS = 20;

/**
 * Reads the blocks a live writer has committed, without its lock and without writing anything. The
 * writer appends a block and only then rewrites the head record, so the blocks up to the head are
 * complete whatever the writer does meanwhile; anything after them (a block being appended, one whose
 * head update is still to come) is ignored. The prefix is verified as on a normal open: hash chain
 * from block 0, and the last block's hash must equal the head's.
 */
export async function readCommittedBlocks(
  blockPath: string,
  headPath: string,
  onBlock: (block: LedgerBlock) => void,
): Promise<{ height: number; lastHash: string }> {
  return namingDamagedFileAsync({ blockPath, headPath }, () => readVerifiedPrefix(blockPath, headPath, onBlock));
}

async function readVerifiedPrefix(
  blockPath: string,
  headPath: string,
  onBlock: (block: LedgerBlock) => void,
): Promise<{ height: number; lastHash: string }> {
  const head = await readHeadSettled(headPath);
  if (head === undefined) {
    if (fileSize(blockPath) > 0) {
      throw new LedgerError('LEDGER_TAMPERED', 'the ledger head record is missing', { phase: 'storage', retry: 'none' });
    }
    return readVerifiedBlocks(blockPath, onBlock, 0);
  }
  const wanted = head.number + 1;
  let hashAtHead: string | undefined;
  const read = readVerifiedBlocks(
    blockPath,
    (block) => {
      onBlock(block);
      if (block.number === head.number) hashAtHead = block.hash;
    },
    wanted,
  );
  if (read.height < wanted) {
    throw new LedgerError(
      'LEDGER_TAMPERED',
      `block file is damaged at block ${read.height}: it ends before block ${head.number} recorded as committed (truncated)`,
      {
        phase: 'storage',
        retry: 'none',
        details: { blockNumber: read.height, recordedHead: head.number },
      },
    );
  }
  if (wanted > 0 && hashAtHead !== head.hash) {
    throw new LedgerError('LEDGER_TAMPERED', `block file is damaged at block ${head.number}: its hash differs from the head record`, {
      phase: 'storage',
      retry: 'none',
      details: { blockNumber: head.number },
    });
  }
  return read;
}

async function readHeadSettled(path: string): Promise<HeadRecord | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      return readHeadRecord(path);
    } catch (error) {
      if (attempt >= HEAD_READ_ATTEMPTS || !(error instanceof LedgerError)) throw error;
      await new Promise((resolve) => setTimeout(resolve, HEAD_RETRY_MS));
    }
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}
