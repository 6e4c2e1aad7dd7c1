import type { PdfVerificationReport } from '../../verify/report';
import { type BundleCheckLine, fail, pass } from './bundle-check';
import type { BundleVerification } from './verify-bundle';

/**
 * A bundle checked together with the file it is for: the file is the bundle's document, and every
 * signature in the file is one the bundle proves (same signature hash, produced revision and seal).
 * Adds these lines to the offline verification; any failure makes it INVALID.
 */
export function matchBundleToPdf(verification: BundleVerification, report: PdfVerificationReport): BundleVerification {
  const bundle = verification.bundle;
  if (bundle === undefined) return verification;
  const lines: BundleCheckLine[] = [];
  if (bundle.subject.kind === 'document') {
    lines.push(
      bundle.subject.documentSm3 === report.fileSm3
        ? pass('pdf.document', `the file is the bundle's document (SM3 ${report.fileSm3})`)
        : fail(
            'pdf.document',
            'BUNDLE_SUBJECT_MISMATCH',
            `the bundle is for document ${bundle.subject.documentSm3}, the file's SM3 is ${report.fileSm3}`,
          ),
    );
  }
  for (const sig of report.signatures) {
    const id = `pdf.signature[${sig.index}]`;
    const entry = bundle.signatures.find((s) => s.entry.signatureSm3 === sig.signatureSm3)?.entry;
    if (entry === undefined) lines.push(fail(id, 'BUNDLE_SUBJECT_MISMATCH', `signature ${sig.index + 1} of the file is not in the bundle`));
    else if (entry.documentSm3 !== sig.revisionSm3 || entry.sealId !== sig.esID)
      lines.push(fail(id, 'BUNDLE_SUBJECT_MISMATCH', `the bundle's entry for signature ${sig.index + 1} names another revision or seal`));
    else lines.push(pass(id, `signature ${sig.index + 1} (seal ${entry.sealId}) is entry ${entry.recordId} of the bundle`));
  }
  const checks = [...verification.checks, ...lines];
  return { ...verification, checks, verdict: lines.some((l) => l.status === 'fail') ? 'INVALID' : verification.verdict };
}
