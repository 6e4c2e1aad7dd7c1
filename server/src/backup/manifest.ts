import { SealError } from '@eseal/core';
import { z } from 'zod';

export const BACKUP_FORMAT = 'eseal-backup/1';
export const MANIFEST_FILE = 'manifest.json';
/** SM3 of manifest.json's exact bytes, hex: checks the manifest that checks everything else. */
export const MANIFEST_CHECKSUM_FILE = 'manifest.json.sm3';

/**
 * Archive-relative file names: one folder level, plain characters. A manifest is input like any other:
 * a name such as `../../etc/cron.d/x` or `/etc/passwd` must never become a path we read or write.
 */
export const SAFE_ARCHIVE_PATH = /^(records|ledger|identity)\/[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

const Sm3Hex = z.string().regex(/^[0-9a-f]{64}$/);

const FileEntrySchema = z.object({
  path: z
    .string()
    .regex(SAFE_ARCHIVE_PATH)
    .refine((p) => !p.includes('..'), 'no ".." in archive paths'),
  sm3: Sm3Hex,
  bytes: z.number().int().min(0),
});

const CollectionEntrySchema = FileEntrySchema.extend({
  collection: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,120}$/)
    .refine((n) => !n.startsWith('system.'), 'system collections are not restored'),
  documents: z.number().int().min(0),
  /** Index specifications as listIndexes returned them (without _id_). */
  indexes: z.array(
    z.object({ key: z.record(z.union([z.number(), z.string()])), name: z.string(), unique: z.boolean().optional() }).passthrough(),
  ),
});

export const ManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  createdAt: z.string().datetime(),
  database: z.string(),
  collections: z.array(CollectionEntrySchema),
  /** The embedded ledger's block file and head record; null when the ledger is Fabric (backed up by Fabric's own means). */
  ledger: z.object({ blocks: FileEntrySchema, head: FileEntrySchema, height: z.number().int().min(0), headHash: Sm3Hex }).nullable(),
  /** The development CA and the maker identity (identity-files.ts); absent in older archives. */
  identity: z.array(FileEntrySchema).optional(),
  /** HMAC of a fixed label under the KEK that wrapped the archived keys; the KEK itself is never archived. */
  kekCheck: Sm3Hex.optional(),
});

export type BackupManifest = z.infer<typeof ManifestSchema>;
export type ManifestFileEntry = z.infer<typeof FileEntrySchema>;
export type ManifestCollectionEntry = z.infer<typeof CollectionEntrySchema>;

export function corrupt(message: string, details: Record<string, unknown> = {}, cause?: unknown): SealError {
  return new SealError('BACKUP_CORRUPT', `backup archive is unusable: ${message}`, { details, cause });
}
