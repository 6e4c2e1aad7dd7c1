import type { AnchorBatchInput } from '@eseal/chaincode';
import type { LedgerBlock } from './block';

/**
 * Which batch anchored each signature, read from the anchoring transactions' arguments while a
 * read-only snapshot replays its blocks (the contract keeps no key per signature). For the CLI, which
 * has no service records to name a signature's batch; the earliest anchor of a signature is kept, as it
 * is the proof. Built only for read-only snapshots: a long-running writer would hold every signature.
 */
export class AnchoredBatchIndex {
  readonly #batchOf = new Map<string, string>();

  add(block: LedgerBlock): void {
    // A repeat of an anchored batch commits no write: it anchors nothing new.
    if (block.fn !== 'AnchorBatch' || block.writeSet.length === 0) return;
    const input = JSON.parse(block.args[0]!) as AnchorBatchInput;
    for (const entry of input.entries) {
      if (!this.#batchOf.has(entry.signatureSm3)) this.#batchOf.set(entry.signatureSm3, input.batchId);
    }
  }

  batchOf(signatureSm3: string): string | undefined {
    return this.#batchOf.get(signatureSm3);
  }
}
