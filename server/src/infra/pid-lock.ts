/**
 * Whether a process with this pid exists: signal 0 checks without delivering anything. EPERM means
 * it exists but belongs to another user. Used by the lock files that let a later start recognise a
 * holder that died without cleaning up.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
