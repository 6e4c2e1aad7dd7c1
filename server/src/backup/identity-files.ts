import { createHmac } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SealError } from '@eseal/core';
import type { ManifestFileEntry } from './manifest';
import { insideArchive } from './read-archive';
import { sm3File } from './sm3-file';

/**
 * The service's own identity beside the records: the development CA (it issued every seal
 * certificate) and the maker's signing identity (it signed every SESeal). Without them a restored
 * service issues a new CA, and every PDF signed before the backup fails its certificate chain.
 * The maker's key in there is encrypted under the KEK, which the archive never holds.
 */
const IDENTITY_DIR = 'identity';

export async function archiveIdentity(caDir: string | undefined, archiveDir: string): Promise<ManifestFileEntry[]> {
  if (caDir === undefined || !existsSync(caDir)) return [];
  const names = readdirSync(caDir).filter((name) => /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(name) && !name.endsWith('.tmp'));
  if (names.length === 0) return [];
  mkdirSync(join(archiveDir, IDENTITY_DIR), { mode: 0o700 });
  const entries: ManifestFileEntry[] = [];
  for (const name of names.sort()) {
    const path = `${IDENTITY_DIR}/${name}`;
    copyFileSync(join(caDir, name), join(archiveDir, path));
    entries.push({ path, ...(await sm3File(join(archiveDir, path))) });
  }
  return entries;
}

export function assertIdentityTargetEmpty(caDir: string | undefined, files: readonly ManifestFileEntry[]): void {
  if (files.length === 0) return;
  if (caDir === undefined)
    throw new SealError('VALIDATION_FAILED', 'the archive holds the service identity: give the CA directory to restore it into');
  if (!existsSync(caDir)) return;
  if (readdirSync(caDir).length > 0) {
    throw new SealError('RESTORE_TARGET_NOT_EMPTY', 'the CA directory is not empty: restore only rebuilds a fresh instance', {
      details: { caDir },
    });
  }
}

/** After assertIdentityTargetEmpty. */
export function restoreIdentity(archiveDir: string, files: readonly ManifestFileEntry[], caDir: string | undefined): void {
  if (files.length === 0 || caDir === undefined) return;
  mkdirSync(caDir, { recursive: true, mode: 0o700 });
  for (const file of files) copyFileSync(insideArchive(archiveDir, file.path), join(caDir, file.path.slice(IDENTITY_DIR.length + 1)));
}

/**
 * Names the KEK without revealing it: an HMAC under the key of a fixed label. Restore compares it
 * with the KEK it was given, so a wrong or missing key is refused before anything is written,
 * instead of every later signing failing with KEY_UNWRAP_FAILED.
 */
export function kekCheckValue(kek: Uint8Array): string {
  return createHmac('sm3', kek).update('eseal backup: key-encryption key check v1').digest('hex');
}
