import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXIT } from '../exit-codes';

/**
 * The files `seal verify` checks: a file as given, a folder as every `.pdf` and `.ofd` under it (recursively,
 * in name order), so a court can hand over a whole case folder. A path that does not exist stays in
 * the list: it is reported as unreadable in its place rather than silently dropped. Paths are read
 * relative to `cwd` and listed as given (a folder's files under the folder's name as given).
 */
export function expandVerifyInputs(paths: readonly string[], cwd = '.'): string[] {
  return paths.flatMap((path) => (isDirectory(resolve(cwd, path)) ? pdfsUnder(path, cwd) : [path]));
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function pdfsUnder(dir: string, cwd: string): string[] {
  const entries = readdirSync(resolve(cwd, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return pdfsUnder(path, cwd);
    return entry.isFile() && /\.(pdf|ofd)$/i.test(entry.name) ? [path] : [];
  });
}

/**
 * How bad each per-file exit code is, least first: valid, indeterminate (3, something needed was
 * unknown), unreadable (2), invalid (1). The exit code of several files is the worst of theirs, so a
 * script sees an invalid file even among a hundred valid ones; an unknown code counts as worst.
 */
const SEVERITY: readonly number[] = [EXIT.OK, 3, EXIT.USAGE, EXIT.FAILURE];

export function worstExitCode(codes: readonly number[]): number {
  const rank = (code: number) => (SEVERITY.includes(code) ? SEVERITY.indexOf(code) : SEVERITY.length);
  return codes.reduce((worst, code) => (rank(code) > rank(worst) ? code : worst), EXIT.OK);
}

/** The per-file verdict word in the summary, by exit code. */
export const VERDICT_OF_EXIT: Readonly<Record<number, string>> = {
  [EXIT.OK]: 'valid',
  [EXIT.FAILURE]: 'invalid',
  [EXIT.USAGE]: 'unreadable',
  3: 'indeterminate',
};
