import { resolve } from 'node:path';
// The modules themselves, not the ledger's index: that one loads the Fabric client, which a CLI
// reading the embedded ledger never needs (start-up time of `seal verify`).
import { readLedgerConfig } from '../../ledger/config';
import { createLedgerClient } from '../../ledger/create-ledger-client';
import type { LedgerClient } from '../../ledger/types';
import type { CliIo } from '../cli-command';

/**
 * The configured ledger, for commands that only read it (`seal verify`, `seal audit verify`). The
 * embedded ledger is opened read-only: a snapshot of what is committed, taken without the directory
 * lock, so the commands work while `npm start` holds it, and can never write to it.
 */
export function openCliLedger(io: CliIo, dataDir: string): Promise<LedgerClient> {
  const config = readLedgerConfig(io.env, { dataDir });
  return createLedgerClient(
    config.ledger === 'embedded' ? { ...config, dataDir: resolve(io.cwd, config.dataDir), readOnly: true } : config,
  );
}
