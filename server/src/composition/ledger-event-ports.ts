import type { LedgerClient } from '../ledger';
import type { MongoAnchorOutbox, OutboxCandidate } from '../store/signing';
import { redispatchSealFilings, type LifecycleDeps } from '../usecases/seals';

/**
 * The worker's ledger-event ports (worker/src/ledger-events/ports.ts), restated here structurally
 * because the server cannot import the worker; scripts/src/start.ts type-checks that they fit.
 */
export interface LedgerEventBindings {
  /** The server's own client: on LEDGER=embedded the block file is locked to this process. */
  readonly source: LedgerClient;
  readonly filings: { ensureFilingJobs(sealId: string): Promise<number> };
  readonly batches: {
    batchMembers(batchId: string): Promise<Array<OutboxCandidate & { anchored: boolean }>>;
    markAnchored: MongoAnchorOutbox['markAnchored'];
  };
}

export function ledgerEventBindings(input: { deps: LifecycleDeps; ledger: LedgerClient; outbox: MongoAnchorOutbox }): LedgerEventBindings {
  return {
    source: input.ledger,
    filings: { ensureFilingJobs: (sealId) => redispatchSealFilings(input.deps, sealId) },
    batches: {
      async batchMembers(batchId) {
        // Only a pinned batch still needs its results: once stored, the anchor job unpins it.
        const members = await input.outbox.batchMembers(batchId);
        return members.map((m) => ({ ...m, anchored: false }));
      },
      markAnchored: (facts, leaves) => input.outbox.markAnchored(facts, leaves),
    },
  };
}
