import { unsafe } from './ofd-error';

const MAX_NAME_LENGTH = 1024;

/**
 * Zip entry names are attacker-controlled paths. Only plain relative names survive: no absolute
 * paths, drive letters, backslashes, control characters, empty, "." or ".." segments — so no entry
 * can name a place outside the container, and no two spellings name the same file.
 */
export function checkEntryName(name: string): void {
  const refuse = (why: string) => unsafe(`zip entry name ${JSON.stringify(name.slice(0, 200))} ${why}`);
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) throw refuse('has an unusable length');
  if (name.startsWith('/')) throw refuse('is absolute');
  if (name.includes('\\')) throw refuse('contains a backslash');
  if (/^[A-Za-z]:/.test(name)) throw refuse('starts with a drive letter');
  if (/[\u0000-\u001f\u007f]/.test(name)) throw refuse('contains a control character');
  const segments = (name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) throw refuse('has an empty, "." or ".." segment');
}

/**
 * Resolves an OFD location (ST_Loc) against the folder of the file that names it. Absolute
 * locations start at the container root. A location that climbs above the root is refused.
 */
export function resolveLoc(baseFolder: string, loc: string): string {
  const trimmed = loc.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_NAME_LENGTH)
    throw unsafe('an OFD location is empty or too long', { loc: trimmed.slice(0, 200) });
  if (trimmed.includes('\\') || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(trimmed))
    throw unsafe('an OFD location is not a path inside the container', { loc: trimmed.slice(0, 200) });
  const parts = trimmed.startsWith('/') ? [] : baseFolder.split('/').filter((p) => p !== '');
  for (const segment of trimmed.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0) throw unsafe('an OFD location climbs above the container root', { loc: trimmed.slice(0, 200) });
      parts.pop();
    } else parts.push(segment);
  }
  if (parts.length === 0) throw unsafe('an OFD location names the container root', { loc: trimmed.slice(0, 200) });
  return parts.join('/');
}

/** The folder part of a container path ("Doc_0/Signs/Signatures.xml" -> "Doc_0/Signs"). */
export function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** The absolute location form written into OFD XML ("/Doc_0/Signs/Sign_0/Signature.xml"). */
export function absoluteLoc(path: string): string {
  return `/${path}`;
}
