import type { PdfVerificationReport } from '@eseal/core/verifier';

const MARK = { pass: 'ok  ', fail: 'FAIL', skipped: 'skip', indeterminate: '????' } as const;

/** The report as a person reads it in a terminal: a verdict, then each signature and its checks. */
export function formatVerificationReport(file: string, report: PdfVerificationReport): string {
  const lines = [
    `${file}: ${report.signatures.length === 0 ? 'NOT SIGNED' : report.verdict}${report.modified ? ' (modified after signing)' : ''}`,
    `  SM3 ${report.fileSm3}, ${report.fileLength} bytes, ${report.revisionCount} revision(s), ${report.signatures.length} signature(s)`,
  ];
  if (report.repaired) lines.push(`  repaired: ${report.repaired.join('; ')}`);
  for (const sig of report.signatures) {
    lines.push(
      '',
      `Signature ${sig.index + 1} "${sig.fieldName}" (revision ${sig.revision ?? '?'}, page ${sig.page ?? '?'}): ${sig.verdict}`,
    );
    if (sig.esID) lines.push(`  seal ${sig.esID} ${sig.sealName ?? ''}`.trimEnd());
    if (sig.signerSubject) lines.push(`  signer ${sig.signerSubject}`);
    if (sig.signingTime) lines.push(`  signed at ${sig.signingTime} (${sig.signingTimeSource})`);
    for (const check of sig.checks)
      lines.push(`  [${MARK[check.status]}] ${check.id}: ${check.message}${check.code ? ` (${check.code})` : ''}`);
  }
  if (report.problems.length > 0) lines.push('', `Problems: ${report.problems.join(', ')}`);
  const unknowns = [
    ...new Set(report.signatures.flatMap((s) => s.checks.flatMap((c) => (c.status === 'indeterminate' && c.code ? [c.code] : [])))),
  ];
  // Said loudly: an unknown revocation status is never a pass.
  if (unknowns.includes('REVOCATION_UNKNOWN'))
    lines.push('', 'WARNING: revocation unknown: the seal or certificate revocation status at signing time could not be established.');
  if (unknowns.length > 0) lines.push(`Unknown: ${unknowns.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
