import fs from 'node:fs';
import path from 'node:path';
import { sm3 } from '@eseal/core';
import type { EvidenceSubmission } from '@eseal/worker';

/** One recorded evidence: a block of the simulated court chain. Its hash is the transaction hash. */
export interface ChainBlock {
  readonly height: number;
  readonly prevHash: string;
  readonly recordedAt: string;
  readonly evidenceNumber: string;
  readonly evidence: EvidenceSubmission;
  readonly hash: string;
}

const GENESIS = '0'.repeat(64);

function blockHash(b: Omit<ChainBlock, 'hash'>): string {
  const e = b.evidence;
  const fields = [
    b.height,
    b.prevHash,
    b.recordedAt,
    b.evidenceNumber,
    e.evidenceId,
    e.digest,
    e.digestAlgorithm,
    e.partyId,
    e.txToken,
    e.phase,
    e.sourceTxId,
  ];
  return Buffer.from(sm3(Buffer.from(JSON.stringify(fields), 'utf8'))).toString('hex');
}

/**
 * The court chain's ledger: an append-only file of hash-linked blocks, checked link by link when
 * opened, so a tampered or truncated file is refused instead of answering from it.
 */
export class ChainStore {
  private readonly blocks: ChainBlock[] = [];
  private readonly byEvidenceId = new Map<string, ChainBlock>();
  private readonly byTxHash = new Map<string, ChainBlock>();
  private readonly fd: number;

  constructor(dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'chain.jsonl');
    if (fs.existsSync(file)) {
      const lines = fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '');
      for (const line of lines) this.index(this.checkedNext(JSON.parse(line) as ChainBlock));
    }
    this.fd = fs.openSync(file, 'a');
  }

  get height(): number {
    return this.blocks.length;
  }

  byEvidence(evidenceId: string): ChainBlock | undefined {
    return this.byEvidenceId.get(evidenceId);
  }

  byTx(txHash: string): ChainBlock | undefined {
    return this.byTxHash.get(txHash);
  }

  append(evidence: EvidenceSubmission, recordedAt: Date): ChainBlock {
    return this.appendAll([evidence], recordedAt)[0]!;
  }

  /** Blocks for many evidence items, written in one write before any is answered or indexed. */
  appendAll(evidence: readonly EvidenceSubmission[], recordedAt: Date): ChainBlock[] {
    const blocks: ChainBlock[] = [];
    let prevHash = this.blocks.at(-1)?.hash ?? GENESIS;
    for (const item of evidence) {
      const height = this.blocks.length + blocks.length + 1;
      const evidenceNumber = `CCSIM-${recordedAt.getUTCFullYear()}-${String(height).padStart(10, '0')}`;
      const body = { height, prevHash, recordedAt: recordedAt.toISOString(), evidenceNumber, evidence: item };
      const block: ChainBlock = { ...body, hash: blockHash(body) };
      blocks.push(block);
      prevHash = block.hash;
    }
    // Written before it is answered: an acknowledged block survives a crash of the simulator.
    if (blocks.length > 0) fs.writeSync(this.fd, blocks.map((b) => `${JSON.stringify(b)}\n`).join(''));
    for (const block of blocks) this.index(block);
    return blocks;
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  private checkedNext(block: ChainBlock): ChainBlock {
    const expectedPrev = this.blocks.at(-1)?.hash ?? GENESIS;
    const { hash, ...body } = block;
    if (block.height !== this.blocks.length + 1 || block.prevHash !== expectedPrev || blockHash(body) !== hash) {
      throw new Error(`court chain file is broken at height ${this.blocks.length + 1}`);
    }
    return block;
  }

  private index(block: ChainBlock): void {
    this.blocks.push(block);
    this.byEvidenceId.set(block.evidence.evidenceId, block);
    this.byTxHash.set(block.hash, block);
  }
}
