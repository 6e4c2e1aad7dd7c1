import type { CheckResult } from '../verify';

/** The failing checks of a report as "id:CODE", the shape negative tests assert on. */
export function failures(report: { checks: CheckResult[] }): string[] {
  return report.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}:${c.code}`);
}

export function statusOf(report: { checks: CheckResult[] }, id: string): CheckResult {
  const check = report.checks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id} in report`);
  return check;
}
