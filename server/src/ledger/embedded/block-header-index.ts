import type { LedgerBlock } from './block';

/** What an attestation says about a block: enough to place it in the hash chain, not its write set. */
export interface BlockHeader {
  number: number;
  hash: string;
  previousHash: string;
  txId: string;
  /** ISO 8601 UTC, milliseconds. */
  timestamp: string;
  fn: string;
}

/**
 * Block headers by transaction id, kept in memory beside the world state so an attestation needs no
 * scan of the block file. About 250 bytes a block.
 */
export class BlockHeaderIndex {
  private readonly byTxId = new Map<string, BlockHeader>();

  add(block: LedgerBlock): void {
    const ms = block.timestamp.seconds * 1000 + Math.floor(block.timestamp.nanos / 1_000_000);
    this.byTxId.set(block.txId, {
      number: block.number,
      hash: block.hash,
      previousHash: block.previousHash,
      txId: block.txId,
      timestamp: new Date(ms).toISOString(),
      fn: block.fn,
    });
  }

  get(txId: string): BlockHeader | undefined {
    return this.byTxId.get(txId);
  }
}
