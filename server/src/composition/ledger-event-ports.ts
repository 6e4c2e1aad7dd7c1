import type { LedgerClient } from '../ledger';
import type { MongoAnchorOutbox, OutboxCandidate, SigningStore } from '../store/signing';
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

interface MemberFields {
  _id: string;
  sealCode: string;
  signedAt: Date;
  signatureSm3: string;
  documentSm3After: string;
  anchor: { state: string };
}

export function ledgerEventBindings(input: { deps: LifecycleDeps; ledger: LedgerClient; signing: SigningStore; outbox: MongoAnchorOutbox }): LedgerEventBindings {
  return {
    source: input.ledger,
    filings: { ensureFilingJobs: (sealId) => redispatchSealFilings(input.deps, sealId) },
    batches: {
      async batchMembers(batchId) {
        // CLAIMED and ANCHORED alike: a rejected or released record has its batch id removed.
        const members = await input.signing.records
          .find({ 'anchor.batchId': batchId }, { _id: 1, sealCode: 1, signedAt: 1, signatureSm3: 1, documentSm3After: 1, 'anchor.state': 1 })
          .lean<MemberFields[]>();
        return members.map((r) => ({
          recordId: r._id, sealCode: r.sealCode, signedAt: new Date(r.signedAt), signatureSm3: r.signatureSm3, documentSm3: r.documentSm3After,
          anchored: r.anchor.state === 'ANCHORED',
        }));
      },
      markAnchored: (facts, leaves) => input.outbox.markAnchored(facts, leaves),
    },
  };
}
