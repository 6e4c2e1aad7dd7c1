import { SealError } from '../errors';
import { sm3Hex } from '../crypto/sm3';
import { type ArchiveEntity, ENTITY_ROLES, type EntityRole, MANIFEST_HEADER } from './model';

export interface ManifestLine {
  sm3: string;
  size: number;
  role: EntityRole;
  name: string;
}

export interface Manifest {
  createdAt: Date;
  lines: ManifestLine[];
}

/**
 * The SM3 manifest the package signature covers: a header, the creation time, then one line per
 * entity sorted by name ("sm3 size role name", two spaces apart). Plain text, so `sm3sum`-style tools
 * and a person can read it, and one byte string per package: nothing to canonicalise.
 */
export function writeManifest(createdAt: Date, entities: readonly ArchiveEntity[]): Uint8Array {
  const lines = [...entities]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((e) => `${sm3Hex(e.bytes)}  ${e.bytes.length}  ${e.role}  ${e.name}`);
  return new Uint8Array(Buffer.from([MANIFEST_HEADER, `created ${createdAt.toISOString()}`, ...lines, ''].join('\n'), 'utf8'));
}

export function readManifest(bytes: Uint8Array): Manifest {
  const text = Buffer.from(bytes).toString('utf8');
  const [header, created, ...rest] = text.split('\n');
  if (header !== MANIFEST_HEADER) throw invalid('the manifest header is not eseal-archive-manifest/1');
  const createdAt = new Date((created ?? '').replace(/^created /, ''));
  if (!created?.startsWith('created ') || Number.isNaN(createdAt.getTime())) throw invalid('the manifest has no creation time');
  if (rest.pop() !== '') throw invalid('the manifest must end with a newline');
  const lines = rest.map((line) => {
    const m = /^([0-9a-f]{64}) {2}(\d{1,12}) {2}([a-z-]+) {2}([A-Za-z0-9._-]{1,100})$/.exec(line);
    if (!m || !(ENTITY_ROLES as readonly string[]).includes(m[3]!))
      throw invalid(`unreadable manifest line ${JSON.stringify(line.slice(0, 120))}`);
    return { sm3: m[1]!, size: Number(m[2]), role: m[3] as EntityRole, name: m[4]! };
  });
  return { createdAt, lines };
}

function invalid(message: string): SealError {
  return new SealError('ARCHIVE_MALFORMED', message);
}
