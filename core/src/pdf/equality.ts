import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, PdfValue } from './objects';

/** Structural equality of two parsed values; streams compare dictionary and raw bytes. */
export function valuesEqual(a: PdfValue | undefined, b: PdfValue | undefined, depth = 0): boolean {
  if (depth > 200) return false; // unreachable after the parser's own depth limit; conservative if it were
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof PdfName) return b instanceof PdfName && a.value === b.value;
  if (a instanceof PdfRef) return b instanceof PdfRef && a.num === b.num && a.gen === b.gen;
  if (a instanceof PdfString) return b instanceof PdfString && Buffer.from(a.bytes).equals(Buffer.from(b.bytes));
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => valuesEqual(v, b[i], depth + 1));
  if (a instanceof PdfStream) {
    // /Length only restates the raw bytes, which are compared directly (writers disagree on it).
    return (
      b instanceof PdfStream &&
      valuesEqual(withoutLength(a.dict), withoutLength(b.dict), depth + 1) &&
      Buffer.from(a.raw).equals(Buffer.from(b.raw))
    );
  }
  if (a instanceof PdfDict) {
    if (!(b instanceof PdfDict) || a.map.size !== b.map.size) return false;
    for (const [k, v] of a.map) if (!b.has(k) || !valuesEqual(v, b.get(k), depth + 1)) return false;
    return true;
  }
  return false;
}

/** Keys whose values differ between two dictionaries (present in one only, or unequal). */
export function changedKeys(a: PdfDict, b: PdfDict): string[] {
  const keys = new Set([...a.map.keys(), ...b.map.keys()]);
  return [...keys].filter((k) => !valuesEqual(a.get(k), b.get(k)));
}

function withoutLength(dict: PdfDict): PdfDict {
  const copy = dict.clone();
  copy.map.delete('Length');
  return copy;
}
