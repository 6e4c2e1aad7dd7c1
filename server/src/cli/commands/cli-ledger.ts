import { createLedgerClient, readLedgerConfig, type LedgerClient } from '../../ledger';
import type { CliIo } from '../cli-command';
import { absolute } from './backup-stores';

/**
 * The configured ledger, for commands that only read it (`seal verify`, `seal audit verify`). The
 * embedded ledger is opened read-only: a snapshot of what is committed, taken without the directory
 * lock, so the commands work while `npm start` holds it, and can never write to it.
 */
export function openCliLedger(io: CliIo, dataDir: string): Promise<LedgerClient> {
  const config = readLedgerConfig(io.env, { dataDir });
  return createLedgerClient(config.ledger === 'embedded' ? { ...config, dataDir: absolute(io.cwd, config.dataDir), readOnly: true } : config);
}
