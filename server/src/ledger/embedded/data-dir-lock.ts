import { LedgerError } from '../ledger-error';
import { acquirePidLock, type PidLock } from '../../infra/pid-lock';

/**
 * One process per embedded ledger: two writers appending to the same block file would interleave
 * blocks and break the chain. A lock left by a crashed process (its pid is gone) is taken over.
 */
export class DataDirLock {
  private constructor(private readonly lock: PidLock<{ pid: number }>) {}

  static acquire(path: string): DataDirLock {
    return new DataDirLock(
      acquirePidLock(path, { pid: process.pid }, (holder) =>
        holder === process.pid
          ? new LedgerError('LEDGER_UNAVAILABLE', 'embedded ledger is already open in this process', { phase: 'storage', retry: 'none' })
          : new LedgerError('LEDGER_UNAVAILABLE', `embedded ledger is in use by process ${holder}`, {
              phase: 'storage',
              retry: 'none',
              details: { pid: holder },
            }),
      ),
    );
  }

  release(): void {
    this.lock.release();
  }
}
