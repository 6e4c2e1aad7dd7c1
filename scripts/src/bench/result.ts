/**
 * One benchmark figure as written to bench/results.json.
 * ratio = ours / baseline for rates (higher is better); for times, baseline / ours, so higher is still better.
 */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  ratio?: number;
  /** Target ratio from DESIGN.md, when there is one; reported, never asserted. */
  target?: number;
  note?: string;
}

/** A bench module measures in-process and returns its figures; the runner prints and saves them. */
export interface BenchModule {
  name: string;
  run(): Promise<BenchResult[]>;
}
