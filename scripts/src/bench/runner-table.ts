import type { BenchResult } from './result';

const HEADERS = ['name', 'value', 'unit', 'baseline', 'ratio', 'target', 'check'] as const;

/** The results as a plain-text table; `check` says whether the ratio meets its target, then each note once. */
export function formatTable(results: readonly BenchResult[]): string {
  const rows = results.map((r) => [
    r.name,
    formatNumber(r.value),
    r.unit,
    r.baseline ? `${r.baseline.name} ${formatNumber(r.baseline.value)}` : '-',
    r.ratio === undefined ? '-' : r.ratio.toFixed(2),
    r.target === undefined ? '-' : r.target.toFixed(2),
    r.ratio === undefined || r.target === undefined ? '-' : r.ratio >= r.target ? 'ok' : 'BELOW TARGET',
  ]);
  const widths = HEADERS.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (column === 1 || column === 4 || column === 5 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd();
  const notes = [...new Set(results.filter((r) => r.note).map((r) => `  ${r.name}: ${r.note}`))];
  const table = [line(HEADERS), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  return [...table, ...(notes.length > 0 ? ['', 'notes:', ...notes] : [])].join('\n') + '\n';
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toPrecision(3);
}
