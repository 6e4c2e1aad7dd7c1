import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_MODULES } from './runner-modules';
import type { BenchResult } from './result';
import { mergeResults, runBenchModules, selectModules } from './runner';
import { formatTable } from './runner-table';

/** scripts/dist/bench/main.js -> repository root, wherever npm was started from. */
const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const USAGE = 'Usage: npm run bench -- [--only <module prefix>] [--out <file>]';

async function main(): Promise<number> {
  let options: { only?: string; out?: string; help?: boolean };
  try {
    options = parseArgs({
      args: process.argv.slice(2),
      options: { only: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\nModules: ${BENCH_MODULES.map((m) => m.name).join(', ') || '(none)'}\n`);
    return 0;
  }
  const modules = selectModules(BENCH_MODULES, options.only);
  if (modules.length === 0) {
    process.stderr.write(`No bench module matches "${options.only ?? ''}". Modules: ${BENCH_MODULES.map((m) => m.name).join(', ') || '(none)'}\n`);
    return 2;
  }

  const run = await runBenchModules(modules, (line) => process.stderr.write(`${line}\n`));
  const out = options.out ? resolve(options.out) : join(REPO_ROOT, 'bench', 'results.json');
  const results = options.only ? mergeResults(readPrevious(out), run.results) : run.results;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);

  process.stdout.write(formatTable(run.results));
  process.stdout.write(`\nwrote ${results.length} result(s) to ${out}\n`);
  for (const failure of run.failures) process.stderr.write(`module ${failure.module} failed: ${failure.error}\n`);
  return run.failures.length > 0 ? 1 : 0;
}

function readPrevious(path: string): BenchResult[] {
  if (!existsSync(path)) return [];
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return Array.isArray(parsed) ? (parsed as BenchResult[]) : [];
  } catch {
    return [];
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
