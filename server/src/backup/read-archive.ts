import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import { ManifestSchema, MANIFEST_CHECKSUM_FILE, MANIFEST_FILE, corrupt, type BackupManifest, type ManifestFileEntry } from './manifest';
import { sm3File } from './sm3-file';
import { sm3Hex } from '@eseal/core';

/**
 * Checks an archive before anything is restored from it: the manifest's SM3, the manifest's shape
 * (including safe file names), then every listed file's size and SM3. Any failure is BACKUP_CORRUPT
 * naming the file, and nothing has been written yet.
 */
export async function readVerifiedArchive(archiveDir: string): Promise<BackupManifest> {
  const manifestText = readArchiveText(archiveDir, MANIFEST_FILE);
  const expected = readArchiveText(archiveDir, MANIFEST_CHECKSUM_FILE).trim();
  if (sm3Hex(manifestText) !== expected) throw corrupt('the manifest does not match its checksum', { file: MANIFEST_FILE });
  let parsed: unknown;
  try {
    parsed = JSON.parse(manifestText);
  } catch (error) {
    throw corrupt('the manifest is not JSON', { file: MANIFEST_FILE }, error);
  }
  const result = ManifestSchema.safeParse(parsed);
  if (!result.success) {
    throw corrupt('the manifest is malformed', {
      file: MANIFEST_FILE,
      issues: result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    });
  }
  const manifest = result.data;
  const files: ManifestFileEntry[] = [
    ...manifest.collections,
    ...(manifest.ledger ? [manifest.ledger.blocks, manifest.ledger.head] : []),
    ...(manifest.identity ?? []),
  ];
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) throw corrupt('a file is listed twice', { file: file.path });
    seen.add(file.path);
    const actual = await sm3File(insideArchive(archiveDir, file.path));
    if (actual.bytes !== file.bytes || actual.sm3 !== file.sm3) {
      throw corrupt(`${file.path} does not match its checksum`, { file: file.path, expectedSm3: file.sm3, actualSm3: actual.sm3 });
    }
  }
  return manifest;
}

/**
 * The path of an archive member, refusing anything that leaves the archive: names were validated by
 * the schema, and a symlink inside the archive pointing elsewhere is refused too.
 */
export function insideArchive(archiveDir: string, name: string): string {
  const root = realpathSync(archiveDir);
  const path = join(root, name);
  let real: string;
  try {
    if (lstatSync(path).isSymbolicLink()) throw corrupt(`${name} is a symbolic link`, { file: name });
    real = realpathSync(path);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') throw corrupt(`${name} is missing`, { file: name }, error);
    throw error;
  }
  const rel = relative(root, real);
  if (rel.startsWith('..') || isAbsolute(rel)) throw corrupt(`${name} points outside the archive`, { file: name });
  return real;
}

function readArchiveText(archiveDir: string, name: string): string {
  return readFileSync(insideArchive(archiveDir, name), 'utf8');
}
