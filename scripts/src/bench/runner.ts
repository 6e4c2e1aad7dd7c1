import type { BenchModule, BenchResult } from './result';

export interface ModuleFailure {
  module: string;
  error: string;
}

export interface BenchRun {
  results: BenchResult[];
  failures: ModuleFailure[];
}

/** Modules whose name starts with `only` (all when unset). */
export function selectModules(modules: readonly BenchModule[], only?: string): BenchModule[] {
  return only === undefined ? [...modules] : modules.filter((module) => module.name.startsWith(only));
}

/**
 * Runs modules one after another (never in parallel: they would compete for the two cores and
 * skew each other's figures). A failing module is reported and the rest still run.
 */
export async function runBenchModules(modules: readonly BenchModule[], log: (line: string) => void = () => undefined): Promise<BenchRun> {
  const results: BenchResult[] = [];
  const failures: ModuleFailure[] = [];
  for (const module of modules) {
    log(`running ${module.name} ...`);
    const started = performance.now();
    try {
      const produced = await module.run();
      results.push(...produced.map(withRatio));
      log(`  ${module.name}: ${produced.length} figure(s) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      failures.push({ module: module.name, error: error instanceof Error ? error.message : String(error) });
      log(`  ${module.name} FAILED: ${failures[failures.length - 1].error}`);
    }
  }
  return { results, failures };
}

/** Modules usually fill in `ratio`; derive it when they gave only a baseline, so the table is complete. */
function withRatio(result: BenchResult): BenchResult {
  if (result.ratio !== undefined || !result.baseline || result.baseline.value === 0 || result.value === 0) return result;
  const isTime = /^(s|ms|us|µs|ns)$/.test(result.unit);
  const ratio = isTime ? result.baseline.value / result.value : result.value / result.baseline.value;
  return { ...result, ratio: Math.round(ratio * 1000) / 1000 };
}

/**
 * With --only, results of modules that did not run are kept from the previous file, so one slow
 * module can be re-measured without losing the others. Every ratio still compares figures from one run.
 */
export function mergeResults(previous: readonly BenchResult[], fresh: readonly BenchResult[]): BenchResult[] {
  const freshNames = new Set(fresh.map((r) => r.name));
  return [...previous.filter((r) => !freshNames.has(r.name)), ...fresh];
}
