import { relayIdFor, submissionFor, type EvidenceItem } from './evidence';
import type { RelayObserver, RelayQueuePort, RelayStorePort } from './ports';
import type { DigestAlgorithm } from './court-chain/protocol';

export interface RelayTarget {
  readonly id: string;
  readonly digestAlgorithm: DigestAlgorithm;
}

/**
 * Fans one piece of evidence out to every configured court chain: the relay record first (a unique
 * insert, so two dispatchers racing create it once), then its job (job id = relay id). Safe to
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

  async relay(item: EvidenceItem): Promise<number> {
    let queued = 0;
    for (const target of this.targets) {
      const relayId = relayIdFor(item.evidenceId, target.id);
      const created = await this.store.create({
        relayId,
        adapterId: target.id,
        subject: item.subject,
        evidence: submissionFor(item, target.digestAlgorithm),
        createdAt: this.clock(),
      });
      if (!created) {
        const existing = await this.store.load(relayId);
        if (existing === undefined || existing.state !== 'PENDING') continue;
      } else {
        this.observer.queued(target.id);
      }
      await this.queue.enqueue(target.id, relayId);
      queued += 1;
    }
    return queued;
  }
}
