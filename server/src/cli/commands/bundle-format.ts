import type { BundleVerification } from '@eseal/core/verifier';

const MARK = { pass: 'ok  ', fail: 'FAIL', 'not-checked': 'skip' } as const;

/** An offline bundle check as a person reads it: the verdict, then each check and the anchor it rests on. */
export function formatBundleVerification(file: string, result: BundleVerification): string {
  const lines = [`${file}: ${result.verdict}`];
  for (const c of result.checks) {
    lines.push(`  [${MARK[c.status]}] ${c.id}: ${c.message}${c.code ? ` (${c.code})` : ''}`);
    if (c.anchor) lines.push(`         against ${c.anchor}`);
  }
  return `${lines.join('\n')}\n`;
}
