import { createReadStream, mkdirSync, readdirSync, copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SealError } from '@eseal/core';
import mongoose, { type Connection } from 'mongoose';
import { BLOCK_FILE_NAME, HEAD_FILE_NAME } from '../ledger/embedded/embedded-ledger';
import { assertIdentityTargetEmpty, kekCheckValue, restoreIdentity } from './identity-files';
import { corrupt, type BackupManifest } from './manifest';
import { insideArchive, readVerifiedArchive } from './read-archive';
import { verifyRestored, type RestoreVerification } from './verify-restored';

const { EJSON } = mongoose.mongo.BSON;
const INSERT_CHUNK = 500;

export interface RestoreOptions {
  archiveDir: string;
  /** The fresh instance's record store: must hold no documents. */
  connection: Connection;
  /** Where the embedded ledger goes: must be absent or empty. Required when the archive has a ledger. */
  ledgerDir?: string;
  /** The KEK the restored service will run with: must be the one that wrapped the archived keys. */
  kek: Uint8Array;
  /** Where the development CA and maker identity go: must be absent or empty. */
  caDir?: string;
}

export interface RestoreReport {
  manifest: BackupManifest;
  collections: Record<string, number>;
  verification: RestoreVerification;
}

/**
 * Rebuilds a fresh instance from an archive (第二十六条): verifies the archive first (BACKUP_CORRUPT,
 * nothing written), refuses a target that already holds data (RESTORE_TARGET_NOT_EMPTY: a restore
 * never merges), loads every collection with its indexes, places the ledger files, then checks the
 * result against the ledger (see verifyRestored).
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreReport> {
  const manifest = await readVerifiedArchive(options.archiveDir);
  const db = options.connection.db;
  if (!db) throw new Error('record store connection is not open');
  if (manifest.kekCheck !== undefined && manifest.kekCheck !== kekCheckValue(options.kek)) {
    throw new SealError(
      'CONFIG_INVALID',
      'SERVER_KEK is not the key that wrapped the seal keys in this archive: restore with that key (the archive never holds it)',
      {
        details: { variable: 'SERVER_KEK' },
      },
    );
  }
  await assertEmptyTarget(options);
  assertIdentityTargetEmpty(options.caDir, manifest.identity ?? []);

  const collections: Record<string, number> = {};
  for (const entry of manifest.collections) {
    const collection = db.collection(entry.collection);
    await db.createCollection(entry.collection).catch(() => undefined);
    let batch: Record<string, unknown>[] = [];
    let count = 0;
    const lines = createInterface({ input: createReadStream(insideArchive(options.archiveDir, entry.path)), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line === '') continue;
      try {
        batch.push(EJSON.parse(line, { relaxed: false }) as Record<string, unknown>);
      } catch (error) {
        throw corrupt(`${entry.path} line ${count + 1} is not Extended JSON`, { file: entry.path }, error);
      }
      count++;
      if (batch.length >= INSERT_CHUNK) {
        await collection.insertMany(batch, { ordered: true });
        batch = [];
      }
    }
    if (batch.length > 0) await collection.insertMany(batch, { ordered: true });
    if (count !== entry.documents)
      throw corrupt(`${entry.path} holds ${count} documents, the manifest says ${entry.documents}`, { file: entry.path });
    for (const index of entry.indexes) {
      const { key, name, unique } = index;
      await collection.createIndex(key as Record<string, 1 | -1>, { name, ...(unique ? { unique: true } : {}) });
    }
    collections[entry.collection] = count;
  }

  if (manifest.ledger) {
    if (!options.ledgerDir)
      throw new SealError('VALIDATION_FAILED', 'the archive holds an embedded ledger: give the ledger directory to restore it into');
    mkdirSync(options.ledgerDir, { recursive: true, mode: 0o700 });
    copyFileSync(insideArchive(options.archiveDir, manifest.ledger.blocks.path), join(options.ledgerDir, BLOCK_FILE_NAME));
    copyFileSync(insideArchive(options.archiveDir, manifest.ledger.head.path), join(options.ledgerDir, HEAD_FILE_NAME));
  }
  restoreIdentity(options.archiveDir, manifest.identity ?? [], options.caDir);
  const verification = await verifyRestored(options.connection, manifest, options.ledgerDir);
  return { manifest, collections, verification };
}

async function assertEmptyTarget(options: RestoreOptions): Promise<void> {
  const db = options.connection.db!;
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    if (name.startsWith('system.')) continue;
    if ((await db.collection(name).estimatedDocumentCount()) > 0) {
      throw new SealError('RESTORE_TARGET_NOT_EMPTY', `the target database already holds ${name}: restore only rebuilds a fresh instance`, {
        details: { collection: name },
      });
    }
  }
  if (options.ledgerDir && existsSync(options.ledgerDir) && readdirSync(options.ledgerDir).length > 0) {
    throw new SealError('RESTORE_TARGET_NOT_EMPTY', 'the ledger directory is not empty', { details: { ledgerDir: options.ledgerDir } });
  }
}
