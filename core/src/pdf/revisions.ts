import { indexOf, lastIndexOf, readUnsigned, skipWhitespace } from './lexer';

/** One revision as the file's bytes delimit it: a startxref footer and its %%EOF marker. */
export interface RevisionMarker {
  /** 1-based, in file order. */
  index: number;
  startxref: number;
  /** Offset just after "%%EOF". */
  eofEnd: number;
  /** eofEnd plus the end-of-line that usually follows the marker (CRLF, LF or CR), if present. */
  eofEndWithEol: number;
}

/**
 * Finds every "startxref N %%EOF" footer. Each one ends a revision (a linearised file also has the
 * footer of its first-page section, which shows up as an extra early marker).
 */
export function findRevisionMarkers(bytes: Uint8Array, maxMarkers = 10_000): RevisionMarker[] {
  const out: RevisionMarker[] = [];
  let from = 0;
  while (out.length < maxMarkers) {
    const at = indexOf(bytes, '%%EOF', from);
    if (at < 0) break;
    from = at + 5;
    const sx = lastIndexOf(bytes, 'startxref', at, Math.max(0, at - 64));
    if (sx < 0) continue;
    const value = readUnsigned(bytes, skipWhitespace(bytes, sx + 9));
    if (!value || value.value >= at) continue;
    let withEol = at + 5;
    if (bytes[withEol] === 0x0d) withEol++;
    if (bytes[withEol] === 0x0a) withEol++;
    out.push({ index: out.length + 1, startxref: value.value, eofEnd: at + 5, eofEndWithEol: withEol });
  }
  return out;
}

/** The revision a signed range ends at: exactly at %%EOF, or after its usual end-of-line. */
export function revisionEndingAt(markers: RevisionMarker[], end: number): RevisionMarker | undefined {
  return markers.find((m) => end === m.eofEnd || (end > m.eofEnd && end <= m.eofEndWithEol));
}
