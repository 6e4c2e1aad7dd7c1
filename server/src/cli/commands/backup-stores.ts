import { isAbsolute, resolve } from 'node:path';
import type { Connection } from 'mongoose';
import { loadConfig } from '../../config/load-config';
import type { AppConfig } from '../../config/app-config';
import { connectMongo } from '../../infra/mongo';
import { readLedgerConfig } from '../../ledger/config';
import type { CliIo } from '../cli-command';

/**
 * The record store and embedded-ledger directory that the audit, backup and restore commands work on,
 * from the same configuration the server reads (MONGODB_URI, DATA_DIR, LEDGER, LEDGER_DATA_DIR).
 * As with `npm start`, a missing SERVER_KEK falls back to the development key file: none of these
 * commands decrypts anything.
 */
export interface CliStores {
  config: AppConfig;
  mongo: Connection;
  /** Absolute; undefined when LEDGER=fabric (Fabric's ledger is backed up by Fabric's own means). */
  ledgerDir?: string;
  close(): Promise<void>;
}

export async function openCliStores(io: CliIo): Promise<CliStores> {
  const config = loadConfig(io.env, { devKekFile: true });
  const ledger = readLedgerConfig(io.env, { dataDir: config.dataDir });
  const mongo = await connectMongo(config.mongodbUri);
  return {
    config,
    mongo,
    ...(ledger.ledger === 'embedded' ? { ledgerDir: absolute(io.cwd, ledger.dataDir) } : {}),
    close: () => mongo.close(),
  };
}

export function absolute(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}
