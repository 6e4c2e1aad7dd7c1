import type { PdfVerificationReport } from '@eseal/core';

const MARK = { pass: 'ok  ', fail: 'FAIL', skipped: 'skip' } as const;

/** The report as a person reads it in a terminal: a verdict, then each signature and its checks. */
export function formatVerificationReport(file: string, report: PdfVerificationReport): string {
  const lines = [
    `${file}: ${report.valid ? 'VALID' : report.signatures.length === 0 ? 'NOT SIGNED' : 'INVALID'}${report.modified ? ' (modified after signing)' : ''}`,
    `  SM3 ${report.fileSm3}, ${report.fileLength} bytes, ${report.revisionCount} revision(s), ${report.signatures.length} signature(s)`,
  ];
  if (report.repaired) lines.push(`  repaired: ${report.repaired.join('; ')}`);
  for (const sig of report.signatures) {
    lines.push('', `Signature ${sig.index + 1} "${sig.fieldName}" (revision ${sig.revision ?? '?'}, page ${sig.page ?? '?'}): ${sig.valid ? 'valid' : 'INVALID'}`);
    if (sig.esID) lines.push(`  seal ${sig.esID} ${sig.sealName ?? ''}`.trimEnd());
    if (sig.signerSubject) lines.push(`  signer ${sig.signerSubject}`);
    if (sig.signingTime) lines.push(`  signed at ${sig.signingTime} (${sig.signingTimeSource})`);
    for (const check of sig.checks) lines.push(`  [${MARK[check.status]}] ${check.id}: ${check.message}${check.code ? ` (${check.code})` : ''}`);
  }
  if (report.problems.length > 0) lines.push('', `Problems: ${report.problems.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
