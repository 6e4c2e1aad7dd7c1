/**
 * Resource limits for reading untrusted PDFs. Every loop that an attacker can lengthen
 * (xref chains, nesting, object counts, inflated streams) is bounded by one of these.
 */
export interface PdfLimits {
  /** Largest input accepted, in bytes. */
  maxBytes: number;
  /** Largest /Size (object count) accepted in any trailer or xref stream. */
  maxObjects: number;
  /** Deepest nesting of arrays/dictionaries, and of page-tree and field-tree levels. */
  maxDepth: number;
  /** Most xref sections followed through /Prev and /XRefStm. */
  maxXrefSections: number;
  /** Largest output of one decoded (inflated) stream, in bytes. */
  maxDecodedBytes: number;
  /** Wall-clock budget for one parse or inspection, in milliseconds. */
  maxMillis: number;
}

export const DEFAULT_PDF_LIMITS: Readonly<PdfLimits> = Object.freeze({
  maxBytes: 100 * 1024 * 1024,
  maxObjects: 2_000_000,
  maxDepth: 100,
  maxXrefSections: 1000,
  maxDecodedBytes: 64 * 1024 * 1024,
  maxMillis: 20_000,
});

export function resolveLimits(overrides?: Partial<PdfLimits>): PdfLimits {
  return { ...DEFAULT_PDF_LIMITS, ...(overrides ?? {}) };
}
