import { LedgerError, isLedgerError } from '../ledger-error';

/**
 * Runs an open of the ledger files and, when they are damaged, says which file and what to do: the
 * hash chain cannot be repaired in place (that is the point of it), only restored from a backup.
 */
export function namingDamagedFile<T>(files: { blockPath: string; headPath: string }, open: () => T): T {
  try {
    return open();
  } catch (error) {
    throw withFileNamed(error, files);
  }
}

export async function namingDamagedFileAsync<T>(files: { blockPath: string; headPath: string }, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    throw withFileNamed(error, files);
  }
}

function withFileNamed(error: unknown, files: { blockPath: string; headPath: string }): unknown {
  if (!isLedgerError(error) || error.code !== 'LEDGER_TAMPERED') return error;
  const file = /head record/.test(error.message) ? files.headPath : files.blockPath;
  return new LedgerError('LEDGER_TAMPERED', `${error.message} (${file}); restore the ledger from a backup with \`seal restore\``, {
    phase: error.phase,
    retry: 'none',
    details: { ...error.details, file },
    cause: error,
  });
}
