import { relayIdFor, submissionFor, type EvidenceItem } from './evidence';
import type { NewRelay, RelayObserver, RelayQueuePort, RelayStorePort } from './ports';
import type { DigestAlgorithm } from './court-chain/protocol';
import { MAX_RELAYS_PER_JOB, relayJobId } from './relay-job';

export interface RelayTarget {
  readonly id: string;
  readonly digestAlgorithm: DigestAlgorithm;
}

/**
 * Fans evidence out to every configured court chain: the relay records first (unique inserts, so two
 * dispatchers racing create each once), then jobs of up to MAX_RELAYS_PER_JOB relays each. Safe to
 * repeat: a final relay is not queued again, a pending one whose job was lost is queued again.
 */
export class RelayDispatcher {
  constructor(
    private readonly targets: readonly RelayTarget[],
    private readonly store: RelayStorePort,
    private readonly queue: RelayQueuePort,
    private readonly observer: RelayObserver,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** One piece of evidence (a ledger event): the relays queued. */
  relay(item: EvidenceItem): Promise<number> {
    return this.relayAll([item]);
  }

  /** Many pieces of evidence at once (a backlog, a block of events): one insert and a job per group per court chain. */
  async relayAll(items: readonly EvidenceItem[]): Promise<number> {
    let queued = 0;
    for (const target of this.targets) {
      for (let from = 0; from < items.length; from += MAX_RELAYS_PER_JOB) {
        queued += await this.relayGroup(target, items.slice(from, from + MAX_RELAYS_PER_JOB));
      }
    }
    return queued;
  }

  private async relayGroup(target: RelayTarget, items: readonly EvidenceItem[]): Promise<number> {
    const createdAt = this.clock();
    const relays: NewRelay[] = items.map((item) => ({
      relayId: relayIdFor(item.evidenceId, target.id),
      adapterId: target.id,
      subject: item.subject,
      evidence: submissionFor(item, target.digestAlgorithm),
      createdAt,
    }));
    const created = await this.store.createAll(relays);
    for (let i = 0; i < created.size; i++) this.observer.queued(target.id);
    const existing = relays.filter((r) => !created.has(r.relayId)).map((r) => r.relayId);
    const stillPending = existing.length === 0 ? new Map() : await this.store.loadAll(existing);
    const toQueue = relays.map((r) => r.relayId).filter((id) => created.has(id) || stillPending.get(id)?.state === 'PENDING');
    // A group's first run reads its relays in one document instead of one lookup each.
    if (toQueue.length > 1)
      await this.store.recordGroup(
        relayJobId(toQueue),
        relays.filter((r) => toQueue.includes(r.relayId)),
        createdAt,
      );
    if (toQueue.length > 0) await this.queue.enqueue(target.id, toQueue);
    return toQueue.length;
  }
}
