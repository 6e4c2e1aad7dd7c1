import type { LedgerClient } from '../../ledger';

/** The ledger as the anchor job's port sees it (structurally the worker's AnchorLedgerPort). */
export function anchorLedgerOf(ledger: Pick<LedgerClient, 'anchorBatch'>) {
  return {
    async anchorBatch(input: Parameters<LedgerClient['anchorBatch']>[0]): Promise<{ txId: string; created: boolean; anchoredAt: Date }> {
      const commit = await ledger.anchorBatch(input);
      // A repeat returns the first anchoring: its transaction is the one that holds the entries.
      return { txId: commit.value.batch.txId, created: commit.value.created, anchoredAt: new Date(commit.value.batch.anchoredAt) };
    },
  };
}
