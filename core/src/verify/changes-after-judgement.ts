import type { ChangesAfterSignature, PdfSignatureInfo } from '../pdf';
import type { SignatureRevisionReport } from './report';
import { checkChangesAfter } from './revision-checks';
import { signatureVerdict, type Verdict } from './verdict';

/**
 * Latest signature first, so each later signature's verdict is known when an earlier one relies on
 * it: a new widget is an allowed change only while the later signature that owns it is valid
 * (INVALID owner: the widget is an unsigned overlay; INDETERMINATE owner: the change is unknown too).
 */
export function judgeChangesAfter(ordered: readonly PdfSignatureInfo[], reports: SignatureRevisionReport[]): void {
  const verdictOfOwner = new Map<number, Verdict>();
  for (let i = reports.length - 1; i >= 0; i--) {
    const report = reports[i]!;
    let unknownCover = false;
    const changes = report.changesAfter.changes.map((change) => {
      const owners = (change.coveredBy ?? []).map((num) => verdictOfOwner.get(num) ?? 'INVALID');
      if (owners.includes('INVALID'))
        return { ...change, allowed: false, reason: `${change.reason}, but the later signature it belongs to is not valid` };
      if (owners.includes('INDETERMINATE')) unknownCover = true;
      return change;
    });
    const changesAfter: ChangesAfterSignature = {
      verdict: report.changesAfter.verdict === 'none' ? 'none' : changes.some((c) => !c.allowed) ? 'disallowed' : 'allowed',
      changes,
    };
    report.changesAfter = changesAfter;
    report.checks.push(checkChangesAfter(changesAfter, unknownCover, coveringSignatures(ordered, changesAfter)));
    report.verdict = report.checks.some((c) => c.id === 'pdf.container' && c.status === 'pass')
      ? signatureVerdict(report.checks)
      : 'INVALID';
    report.valid = report.verdict === 'VALID';
    const object = ordered[i]!.signatureObject;
    if (object !== undefined) verdictOfOwner.set(object, report.verdict);
  }
}

/**
 * The later signatures whose own widgets an allowed change added, as a reader of the report needs
 * them: a later signer may paint anything inside its widget, so the report says whose and where.
 */
function coveringSignatures(ordered: readonly PdfSignatureInfo[], changesAfter: ChangesAfterSignature): string[] {
  const owners = new Set(changesAfter.changes.flatMap((c) => (c.allowed ? (c.coveredBy ?? []) : [])));
  return ordered
    .filter((s) => s.signatureObject !== undefined && owners.has(s.signatureObject))
    .map((s) => {
      const widgets = s.widgets.map((w) => `page ${w.page ?? '?'}${w.rect ? ` [${w.rect.map((n) => Math.round(n)).join(' ')}]` : ''}`);
      return `"${s.fieldName}" (${widgets.length > 0 ? widgets.join(', ') : 'no widget'})`;
    });
}
