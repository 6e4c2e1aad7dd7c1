import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Whether a process with this pid exists: signal 0 checks without delivering anything. EPERM means
 * it exists but belongs to another user.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What a lock file holds: the holder's pid, and whatever else the holder records (JSON). */
export type PidLockContent = { pid: number } & Record<string, unknown>;

export interface PidLock<T extends PidLockContent> {
  /** Rewrites the lock's content (the pid stays this process's). */
  update(content: T): void;
  /** Removes the lock file, if this process still holds it. */
  release(): void;
}

/**
 * The content of a lock file; undefined when there is none or it names no pid. A file of a bare pid
 * (the embedded ledger's older LOCK files) reads as `{ pid }`.
 */
export function readPidLock<T extends PidLockContent>(file: string): T | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const content = JSON.parse(text) as unknown;
    if (typeof content === 'number') return validPid(content) ? ({ pid: content } as T) : undefined;
    if (typeof content === 'object' && content !== null && validPid((content as { pid?: unknown }).pid)) return content as T;
  } catch {
    // Unreadable: no holder can be named, so nobody holds it.
  }
  return undefined;
}

const validPid = (pid: unknown): pid is number => typeof pid === 'number' && Number.isInteger(pid) && pid > 0;

/**
 * One process per resource: creates the lock file exclusively (`wx`), so of two processes starting
 * at once exactly one wins. A file whose holder is gone (crashed) is taken over; a live holder,
 * this process included, is refused with `held(pid)`. `previous` is the dead holder's content, for
 * cleaning up after it.
 */
export function acquirePidLock<T extends PidLockContent>(
  file: string,
  content: T,
  held: (pid: number) => Error,
): PidLock<T> & { readonly previous?: T } {
  let previous: T | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(content), { flag: 'wx', mode: 0o600 });
      return {
        ...(previous ? { previous } : {}),
        update: (next) => writeFileSync(file, JSON.stringify({ ...next, pid: process.pid }), { mode: 0o600 }),
        release: () => {
          if (readPidLock(file)?.pid === process.pid) rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readPidLock<T>(file);
      if (holder && (holder.pid === process.pid || isProcessAlive(holder.pid))) throw held(holder.pid);
      previous ??= holder;
      rmSync(file, { force: true });
    }
  }
  throw held(readPidLock(file)?.pid ?? 0);
}
