import type { LedgerEventPorts } from '@eseal/worker';
import type { LedgerClient } from '../ledger';
import type { MongoAnchorOutbox } from '../store/signing';
import { redispatchSealFilings, type LifecycleDeps } from '../usecases/seals';

/** The worker's ledger-event ports (worker/src/ledger-events/ports.ts) bound to the server's ledger client and stores. */
export type LedgerEventBindings = Omit<LedgerEventPorts, 'relay'>;

export function ledgerEventBindings(input: { deps: LifecycleDeps; ledger: LedgerClient; outbox: MongoAnchorOutbox }): LedgerEventBindings {
  return {
    // The server's own client: on LEDGER=embedded the block file is locked to this process.
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
