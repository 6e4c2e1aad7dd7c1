import { SYSTEM_CALLER } from '../../access';
import type { FilingDoc, SealFilingRef } from '../../store';
import { commitTransition } from './commit-transition';
import type { LifecycleDeps } from './lifecycle-deps';

type StoredFilingState = FilingDoc['state'];

/**
 * The server's side of the filing job's store port (worker/src/filing/ports.ts): structurally typed,
 * so the worker stays free of server imports and the composition root passes this object in.
 */
export class FilingStore {
  constructor(private readonly deps: LifecycleDeps) {}

  async loadFiling(
    filingId: string,
  ): Promise<
    | { filingId: string; state: StoredFilingState; record: Record<string, unknown> & { filingId: string }; waitingForEarlier: boolean }
    | undefined
  > {
    const filing = await this.deps.store.filings.byId(filingId);
    if (!filing) return undefined;
    return {
      filingId,
      state: filing.state,
      record: { ...filing.record, filingId },
      waitingForEarlier: await this.deps.store.filings.hasUnacknowledgedBefore(filing.sealId, filing.sequence),
    };
  }

  async markAcknowledged(filingId: string, ack: { ackId: string; filedAt: string }): Promise<void> {
    const filing = await this.deps.store.filings.markAcknowledged(filingId, ack);
    if (!filing) return;
    this.deps.metrics?.filings.inc({ outcome: 'acknowledged' });
    await this.#setSealRef(filing.sealId, filingId, { state: 'ACKED', ackId: ack.ackId, filedAt: ack.filedAt });
    if (filing.action === 'MADE') await this.#activate(filing.sealId, ack);
  }

  async markFailed(filingId: string, reason: string): Promise<void> {
    const filing = await this.deps.store.filings.markFailed(filingId, reason);
    if (!filing) return;
    this.deps.metrics?.filings.inc({ outcome: 'rejected' });
    await this.#setSealRef(filing.sealId, filingId, { state: 'FAILED', error: reason });
  }

  /** Copies a stored answer back onto the seal's filing reference (and activates a filed seal). */
  async repairSealRef(filing: FilingDoc): Promise<void> {
    if (filing.state === 'ACKED' && filing.ackId && filing.filedAt) {
      await this.#setSealRef(filing.sealId, filing._id, { state: 'ACKED', ackId: filing.ackId, filedAt: filing.filedAt });
      if (filing.action === 'MADE') await this.#activate(filing.sealId, { ackId: filing.ackId, filedAt: filing.filedAt });
    } else if (filing.state === 'FAILED') {
      await this.#setSealRef(filing.sealId, filing._id, { state: 'FAILED', error: filing.lastError ?? 'rejected' });
    }
  }

  async recordAttemptFailure(filingId: string, reason: string): Promise<void> {
    await this.deps.store.filings.noteAttemptFailure(filingId, reason);
  }

  async #setSealRef(
    sealId: string,
    filingId: string,
    fields: Partial<Pick<SealFilingRef, 'state' | 'ackId' | 'filedAt' | 'error'>>,
  ): Promise<void> {
    await this.deps.store.seals.updateFilingRef(sealId, filingId, fields);
  }

  /** The acknowledged filing of a made seal moves it MADE -> FILED -> ACTIVE; repeats do nothing. */
  async #activate(sealId: string, ack: { ackId: string; filedAt: string }): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const seal = await this.deps.store.seals.byId(sealId);
      if (!seal || (seal.status !== 'MADE' && seal.status !== 'FILED')) return;
      try {
        const filed =
          seal.status === 'MADE'
            ? (await commitTransition(this.deps, seal, { type: 'FILE', ackId: ack.ackId, filedAt: ack.filedAt }, SYSTEM_CALLER)).seal
            : seal;
        await commitTransition(this.deps, filed, { type: 'ACTIVATE' }, SYSTEM_CALLER);
        return;
      } catch (error) {
        // Lost a race with another move (a revocation, a second worker): reload and look again.
        if ((error as { code?: string }).code !== 'INVALID_TRANSITION') throw error;
      }
    }
  }
}
