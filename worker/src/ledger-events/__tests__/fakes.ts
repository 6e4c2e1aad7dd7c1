/**
 * TEST-ONLY: an in-memory event log with the ledger client's delivery contract (ledger order, one
 * event at a time, Fabric cursor meaning, a throwing listener ends the subscription), and in-memory ports.
 */
import type { AnchorFacts, AnchoredLeaf } from '../../anchor/ports';
import type {
  BatchMember,
  ChainEvent,
  CheckpointStorePort,
  LedgerEventCursor,
  LedgerEventPorts,
  LedgerEventSourcePort,
  LedgerEventSubscription,
} from '../ports';

export class FakeEventLog implements LedgerEventSourcePort {
  readonly events: ChainEvent[] = [];
  subscriptions = 0;
  #wake: Array<() => void> = [];

  append(name: string, payload: unknown): ChainEvent {
    const event = { blockNumber: this.events.length + 1, transactionId: `tx${this.events.length + 1}`, name, payload };
    this.events.push(event);
    for (const wake of this.#wake.splice(0)) wake();
    return event;
  }

  async subscribe(listener: (event: ChainEvent) => Promise<void>, options: { from?: LedgerEventCursor }): Promise<LedgerEventSubscription> {
    this.subscriptions++;
    const from = options.from ?? { blockNumber: this.events.length + 1 };
    let index = this.events.findIndex((e) => e.blockNumber >= from.blockNumber);
    if (index < 0) index = this.events.length;
    if (from.transactionId !== undefined) {
      const at = this.events.findIndex((e) => e.transactionId === from.transactionId);
      if (at >= 0) index = at + 1;
    }
    let closed = false;
    let stop: () => void = () => undefined;
    const done = (async () => {
      while (!closed) {
        if (index < this.events.length) {
          await listener(this.events[index++]!);
          continue;
        }
        await new Promise<void>((resolve) => {
          stop = resolve;
          this.#wake.push(resolve);
        });
      }
    })();
    return {
      close: () => {
        closed = true;
        stop();
      },
      done,
    };
  }
}

export class MemoryCheckpoints implements CheckpointStorePort {
  cursor: LedgerEventCursor | undefined;
  async load() {
    return this.cursor;
  }
  async save(cursor: Required<LedgerEventCursor>) {
    this.cursor = { ...cursor };
  }
}

export function fakePorts(source: LedgerEventSourcePort) {
  const filingCalls: string[] = [];
  const stored: Array<{ facts: AnchorFacts; leaves: readonly AnchoredLeaf[] }> = [];
  const batches = new Map<string, BatchMember[]>();
  let failNextFiling = 0;
  const ports: LedgerEventPorts = {
    source,
    filings: {
      async ensureFilingJobs(sealId) {
        if (failNextFiling > 0) {
          failNextFiling--;
          throw new Error('queue store unavailable');
        }
        filingCalls.push(sealId);
        return 1;
      },
    },
    batches: {
      batchMembers: async (batchId) => batches.get(batchId) ?? [],
      async markAnchored(facts, leaves) {
        stored.push({ facts, leaves });
        for (const member of batches.get(facts.batchId) ?? []) member.anchored = true;
      },
    },
  };
  return { ports, filingCalls, stored, batches, failFilings: (n: number) => (failNextFiling = n) };
}

export async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
