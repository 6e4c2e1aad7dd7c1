import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SealError, sm3Hex } from '@eseal/core';
import type { Connection } from 'mongoose';
import { exportCollections } from './export-records';
import { archiveIdentity, kekCheckValue } from './identity-files';
import { BACKUP_FORMAT, MANIFEST_CHECKSUM_FILE, MANIFEST_FILE, type BackupManifest } from './manifest';
import { snapshotLedger } from './snapshot-ledger';

export interface CreateBackupOptions {
  connection: Connection;
  /** Directory of the embedded ledger (blocks.jsonl, head.json); omit with a Fabric ledger. */
  ledgerDir?: string;
  /** A new or empty directory that becomes the archive. */
  archiveDir: string;
  /** The key-encryption key the stored seal keys are wrapped with: only its check value is archived. */
  kek: Uint8Array;
  /** The development CA and maker identity directory, archived with the records. */
  caDir?: string;
  now?: () => Date;
}

/**
 * Writes a backup archive (第二十六条): every collection, then the ledger, then the manifest listing
 * each file's SM3, then the manifest's own SM3. Records go first on purpose: the ledger only grows, so
 * a ledger copied after the records holds every transaction the records refer to.
 * For a point-in-time copy of the records, run it while the servers are stopped or drained; FerretDB
 * offers no snapshot reads, so a live backup is consistent per collection only (the outbox makes a
 * restored instance finish whatever was in flight).
 */
export async function createBackup(options: CreateBackupOptions): Promise<BackupManifest> {
  prepareEmptyDir(options.archiveDir);
  mkdirSync(join(options.archiveDir, 'records'), { mode: 0o700 });
  mkdirSync(join(options.archiveDir, 'ledger'), { mode: 0o700 });
  const createdAt = (options.now ?? (() => new Date()))().toISOString();
  const collections = await exportCollections(options.connection, options.archiveDir);
  const ledger = options.ledgerDir === undefined ? null : await snapshotLedger(options.ledgerDir, options.archiveDir);
  const identity = await archiveIdentity(options.caDir, options.archiveDir);
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    createdAt,
    database: options.connection.name,
    collections,
    ledger,
    identity,
    kekCheck: kekCheckValue(options.kek),
  };
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  writeFileSync(join(options.archiveDir, MANIFEST_FILE), manifestText, { flag: 'wx', mode: 0o600 });
  writeFileSync(join(options.archiveDir, MANIFEST_CHECKSUM_FILE), `${sm3Hex(manifestText)}\n`, { flag: 'wx', mode: 0o600 });
  return manifest;
}

function prepareEmptyDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (readdirSync(dir).length > 0) {
    throw new SealError('VALIDATION_FAILED', `backup directory ${dir} is not empty: a backup never overwrites files`, { details: { dir } });
  }
}
