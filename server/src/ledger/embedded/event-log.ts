import type { RawLedgerEvent } from '../ledger-transport';
import type { LedgerEventCursor, LedgerSubscription } from '../types';

type Listener = (event: RawLedgerEvent) => void | Promise<void>;

/**
 * Every chaincode event in ledger order, with subscriptions that replay from a cursor and then follow
 * live. Each subscription is one loop over the same list, so replay and live delivery cannot overlap,
 * reorder or skip.
 */
export class EventLog {
  private readonly events: RawLedgerEvent[] = [];
  private readonly wakers = new Set<() => void>();
  private readonly closers = new Set<() => void>();

  append(event: RawLedgerEvent): void {
    this.events.push(event);
    for (const wake of [...this.wakers]) wake();
  }

  /** Index of the first event to deliver for a cursor; undefined cursor means "from now on". */
  private startIndex(from: LedgerEventCursor | undefined): number {
    if (from === undefined) return this.events.length;
    let i = 0;
    while (i < this.events.length && this.events[i]!.blockNumber < from.blockNumber) i++;
    if (from.transactionId !== undefined) {
      // Fabric checkpoint semantics: resume after the named transaction within its block.
      for (let j = i; j < this.events.length && this.events[j]!.blockNumber === from.blockNumber; j++) {
        if (this.events[j]!.transactionId === from.transactionId) return j + 1;
      }
    }
    return i;
  }

  subscribe(listener: Listener, from: LedgerEventCursor | undefined): LedgerSubscription {
    let next = this.startIndex(from);
    let closed = false;
    let wake: (() => void) | undefined;
    const close = () => {
      closed = true;
      wake?.();
    };
    this.closers.add(close);
    const done = (async () => {
      try {
        while (!closed) {
          if (next < this.events.length) {
            const event = this.events[next++]!;
            // A cursor past the current height: wait for its block rather than deliver earlier ones.
            if (from === undefined || event.blockNumber >= from.blockNumber) await listener(event);
            continue;
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
            this.wakers.add(resolve);
          });
          if (wake) this.wakers.delete(wake);
          wake = undefined;
        }
      } finally {
        closed = true;
        this.closers.delete(close);
      }
    })();
    return { close, done };
  }

  /** Ends every subscription (ledger closing); their `done` promises resolve. */
  closeAll(): void {
    for (const close of [...this.closers]) close();
  }
}
