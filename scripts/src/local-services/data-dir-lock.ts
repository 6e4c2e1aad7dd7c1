import fs from 'node:fs';
import path from 'node:path';
import { SealError } from '@eseal/core';
import { acquirePidLock, isProcessAlive, readPidLock } from '@eseal/server';

const LOCK_FILE = 'local-services.lock';

type LockContent = {
  pid: number;
  /** Services started under this lock, so a later run can clean up after a launcher killed with SIGKILL. */
  children: { pid: number; command: string }[];
};

function commandLineOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** Kills services a dead launcher left behind: two Redis or SQLite writers on one folder corrupt it. */
function killOrphans(previous: LockContent): void {
  for (const child of previous.children) {
    // Only a process still running the same binary: the pid may have been reused by something else.
    if (isProcessAlive(child.pid) && commandLineOf(child.pid).startsWith(child.command)) {
      process.kill(child.pid, 'SIGKILL');
    }
  }
}

/**
 * For a data folder whose launcher died without cleaning up (its pid is gone): kills the servers it
 * left and returns true. False when the folder has no lock or its launcher is still alive.
 */
export function reclaimAbandonedDataDir(dataDir: string): boolean {
  const previous = readPidLock<LockContent>(path.join(dataDir, LOCK_FILE));
  if (!previous || isProcessAlive(previous.pid)) return false;
  killOrphans(previous);
  return true;
}

export interface DataDirLock {
  recordChild(pid: number, command: string): void;
  release(): void;
}

/** One launcher per data folder: a second `npm start` on the same .data/ fails with a clear message. */
export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const content: LockContent = { pid: process.pid, children: [] };
  // Our own pid counts too: a second start in this process would otherwise kill the first one's servers.
  const lock = acquirePidLock(path.join(dataDir, LOCK_FILE), content, (pid) => {
    return new SealError(
      'DEPENDENCY_UNAVAILABLE',
      `local services for ${dataDir} are already running (pid ${pid}); stop that process or use another data folder`,
      { details: { dataDir, pid } },
    );
  });
  if (lock.previous) killOrphans(lock.previous);
  return {
    recordChild(pid, command) {
      content.children.push({ pid, command });
      lock.update(content);
    },
    release: () => lock.release(),
  };
}
