import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { LedgerError } from '../ledger-error';
import { isProcessAlive } from '../../infra/process-alive';

/**
 * One process per embedded ledger: two writers appending to the same block file would interleave
 * blocks and break the chain. A lock left by a crashed process (its pid is gone) is taken over.
 */
export class DataDirLock {
  private constructor(private readonly path: string) {}

  static acquire(path: string): DataDirLock {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(path, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
        return new DataDirLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = Number(readFileSync(path, 'utf8').trim());
        if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isProcessAlive(holder)) {
          throw new LedgerError('LEDGER_UNAVAILABLE', `embedded ledger is in use by process ${holder}`, {
            phase: 'storage',
            retry: 'none',
            details: { pid: holder },
          });
        }
        if (holder === process.pid) {
          throw new LedgerError('LEDGER_UNAVAILABLE', 'embedded ledger is already open in this process', {
            phase: 'storage',
            retry: 'none',
          });
        }
        rmSync(path, { force: true });
      }
    }
    throw new LedgerError('LEDGER_UNAVAILABLE', 'could not lock the embedded ledger directory', { phase: 'storage', retry: 'none' });
  }

  release(): void {
    rmSync(this.path, { force: true });
  }
}
