/**
 * Key order as Fabric's LevelDB state database sees it: by UTF-8 bytes. JavaScript's `<` compares UTF-16
 * code units, which disagrees for characters beyond the BMP, so those take the byte path.
 */
export function compareKeys(a: string, b: string): number {
  if (isBmpBelowSurrogates(a) && isBmpBelowSurrogates(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function isBmpBelowSurrogates(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0xd800) return false;
  return true;
}

/** Index of the first element >= key in a sorted array. */
export function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(sorted[mid]!, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Sorts keys in LevelDB order; plain code-unit order is the same (and far cheaper) when no key has surrogates. */
export function sortKeys(keys: string[]): string[] {
  return keys.every(isBmpBelowSurrogates) ? keys.sort() : keys.sort(compareKeys);
}
