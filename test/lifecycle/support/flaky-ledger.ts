import { SealError } from '@eseal/core';
import type { LedgerClient } from '../../../server/src/ledger';

/**
 * Fault injection around the REAL embedded ledger (not a mock): while `down`, writes fail as an
 * unreachable ledger would; with `loseNextAnswer`, the next write is committed and its answer lost,
 * the case that makes retries dangerous.
 */
export class FlakyLedger {
  down = false;
  loseNextAnswer = false;
  writes = 0;

  wrap(inner: LedgerClient): LedgerClient {
    const write =
      <A, R>(call: (input: A) => Promise<R>) =>
      async (input: A): Promise<R> => {
        this.writes++;
        if (this.down) throw new SealError('LEDGER_UNAVAILABLE', 'ledger is down (injected)');
        const result = await call(input);
        if (this.loseNextAnswer) {
          this.loseNextAnswer = false;
          throw new SealError('LEDGER_UNAVAILABLE', 'answer lost after commit (injected)');
        }
        return result;
      };
    return {
      ...inner,
      issueSeal: write((i) => inner.issueSeal(i)),
      changeSeal: write((i) => inner.changeSeal(i)),
      renewSeal: write((i) => inner.renewSeal(i)),
      revokeSeal: write((i) => inner.revokeSeal(i)),
      getSeal: (id) => inner.getSeal(id),
      getSealHistory: (id) => inner.getSealHistory(id),
      querySealsByUnit: (u, p) => inner.querySealsByUnit(u, p),
      anchorBatch: (b) => inner.anchorBatch(b),
      getBatchSignature: (b, s) => inner.getBatchSignature(b, s),
      getBatch: (b) => inner.getBatch(b),
      subscribe: (l, o) => inner.subscribe(l, o),
      health: () => inner.health(),
      close: () => inner.close(),
    };
  }
}
