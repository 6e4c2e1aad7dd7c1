import { isSealError } from '../errors';
import { inspectDamagedPdf, type DamagedPdfInspection } from '../pdf/damaged-inspect';
import type { PdfInspection, PdfLimits } from '../pdf';

/** What could be read of a file, and why the rest could not (set only for a damaged file). */
export type ReadableInspection = PdfInspection & { unreadable?: string };

/**
 * After reading the whole file failed: a file that cannot be read as a whole but holds signatures
 * is judged from what can be read (the damage is then a modification); one with no signature to be
 * found, or that failed for another reason (too large, encrypted), stays what it was: unreadable.
 */
export function inspectWhatCanBeRead(pdf: Uint8Array, failure: unknown, limits: Partial<PdfLimits> | undefined): DamagedPdfInspection {
  if (!(isSealError(failure) && failure.code === 'PDF_MALFORMED')) throw failure;
  const damaged = inspectDamagedPdf(pdf, failure, { limits });
  if (damaged === undefined) throw failure;
  return damaged;
}
