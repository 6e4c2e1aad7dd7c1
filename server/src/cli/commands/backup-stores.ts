import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { SealError } from '@eseal/core';
import { readLifecycleSettings } from '../../composition/lifecycle-settings';
import { DEV_KEK_FILE_NAME } from '../../config/dev-kek';
import type { Connection } from 'mongoose';
import { loadConfig } from '../../config/load-config';
import type { AppConfig } from '../../config/app-config';
import { connectMongo } from '../../infra/mongo';
import { readLedgerConfig } from '../../ledger/config';
import type { CliIo } from '../cli-command';

/**
 * The record store, embedded-ledger directory and CA directory that the audit, backup and restore
 * commands work on, from the same configuration the server reads (MONGODB_URI, DATA_DIR, LEDGER,
 * LEDGER_DATA_DIR). None of them touches the queues, so REDIS_URL is not needed.
 * The KEK: as with `npm start`, a missing SERVER_KEK falls back to the development key file, but a
 * restore must be given the key that wrapped the archived keys: it never creates one.
 */
export interface CliStores {
  config: AppConfig;
  mongo: Connection;
  /** Absolute; undefined when LEDGER=fabric (Fabric's ledger is backed up by Fabric's own means). */
  ledgerDir?: string;
  /** Absolute: the development CA and the maker identity. */
  caDir: string;
  close(): Promise<void>;
}

/** Lets loadConfig validate everything else; these commands never connect to Redis. */
const UNUSED_REDIS_URL = 'redis://127.0.0.1:6379';

export async function openCliStores(io: CliIo, options: { kek: 'dev-file' | 'given' } = { kek: 'dev-file' }): Promise<CliStores> {
  const env: NodeJS.ProcessEnv = { ...io.env, REDIS_URL: io.env.REDIS_URL || UNUSED_REDIS_URL };
  if (options.kek === 'given' && !(env.SERVER_KEK ?? '').trim()) {
    const dataDir = loadConfig({ ...env, SERVER_KEK: '0'.repeat(64) }).dataDir;
    const devFile = join(absolute(io.cwd, dataDir), DEV_KEK_FILE_NAME);
    if (!existsSync(devFile)) {
      throw new SealError(
        'CONFIG_INVALID',
        `restore needs the key-encryption key that wrapped the archived seal keys: set SERVER_KEK, or place the development key file ${DEV_KEK_FILE_NAME} in DATA_DIR (the archive does not hold it)`,
        {
          details: { variable: 'SERVER_KEK' },
        },
      );
    }
  }
  const config = loadConfig(env, { devKekFile: true });
  const ledger = readLedgerConfig(env, { dataDir: config.dataDir });
  const caDir = absolute(io.cwd, readLifecycleSettings(env, { dataDir: config.dataDir }).caDir);
  const mongo = await connectMongo(config.mongodbUri);
  return {
    config,
    mongo,
    ...(ledger.ledger === 'embedded' ? { ledgerDir: absolute(io.cwd, ledger.dataDir) } : {}),
    caDir,
    close: () => mongo.close(),
  };
}

export function absolute(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}
