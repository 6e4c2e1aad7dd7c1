import { SealError } from '../errors';
import { ByteRange } from './byte-range';
import { inspectPdfSignatures } from './inspect';
import { PdfLimits } from './limits';

export interface SealedOutput {
  pdf: Uint8Array;
  signatureObject: number;
  byteRange: ByteRange;
  container: Uint8Array;
  /** Pages (1-based) the widgets were put on. */
  pages: number[];
}

/**
 * Reads the sealed file the way verification does (page tree, the new revision, the signature) and
 * refuses to hand it out when that reading disagrees with what was written. The signer and the
 * verifier share the reader, but they walk different paths through a file (one page versus every
 * page, the new xref section versus the whole chain), so a defect only one path meets — a page-tree
 * loop elsewhere, a field tree that hides the new field — would otherwise produce a sealed file
 * our own verifier rejects. The cryptography is not re-checked: the container is the caller's.
 */
export function assertVerifiable(output: SealedOutput, limits?: Partial<PdfLimits>): void {
  let inspection: ReturnType<typeof inspectPdfSignatures>;
  try {
    inspection = inspectPdfSignatures(output.pdf, { limits });
  } catch (error) {
    // Limits (time, size) stay what they are; a structural refusal means the input cannot carry a seal.
    if (!(error instanceof SealError) || error.code !== 'PDF_MALFORMED') throw error;
    throw unverifiable([`verification cannot read the sealed file: ${error.message}`], error);
  }
  const problems: string[] = [];
  // Earlier revisions may need repair (the input's own broken xref); the new revision must not.
  if (inspection.xrefRebuilt) problems.push(`the new revision's cross-reference data does not read: ${inspection.repairs.join('; ')}`);
  const sig = inspection.signatures.find((s) => s.signatureObject === output.signatureObject && s.inFinalFieldTree);
  if (!sig) {
    problems.push('verification does not find the new signature in the field tree');
  } else {
    if (sig.byteRange?.join(' ') !== output.byteRange.join(' ')) problems.push('verification reads another /ByteRange');
    if (!sig.coversWholeRevision) problems.push(`the signature does not cover a whole revision: ${sig.coverageProblems.join('; ')}`);
    if (sig.changesAfter.verdict !== 'none') problems.push(`verification sees changes after the signature (${sig.changesAfter.verdict})`);
    if (!Buffer.from(sig.contents).subarray(0, output.container.length).equals(Buffer.from(output.container)))
      problems.push('verification reads another /Contents');
    const pages = sig.widgets.map((w) => w.page);
    if (pages.join(' ') !== output.pages.join(' '))
      problems.push(`verification places the seal on page(s) ${pages.join(', ')}, not ${output.pages.join(', ')}`);
  }
  if (problems.length > 0) throw unverifiable(problems);
}

function unverifiable(problems: string[], cause?: unknown): SealError {
  return new SealError('PDF_UNVERIFIABLE', 'the sealed file would not pass verification, so it was not produced', {
    details: { problems },
    cause,
  });
}
