import type { BenchModule } from './result';
import { mergeResults, runBenchModules, selectModules } from './runner';
import { formatTable } from './runner-table';

const benchModule = (name: string, run: BenchModule['run']): BenchModule => ({ name, run });

describe('bench runner', () => {
  const modules = [
    benchModule('sm2', async () => [{ name: 'sm2.sign', value: 2000, unit: 'ops/s', baseline: { name: 'openssl', value: 4000 }, target: 0.5, note: '1 KiB messages' }]),
    benchModule('sm3', async () => [{ name: 'sm3', value: 400, unit: 'MB/s', baseline: { name: 'node', value: 500 }, ratio: 0.8, target: 0.9 }]),
    benchModule('pdf.seal', async () => [{ name: 'pdf.seal.10mb', value: 0.06, unit: 's', baseline: { name: 'sm3-hash', value: 0.03 } }]),
    benchModule('broken', async () => {
      throw new Error('openssl not found');
    }),
  ];

  it('selects modules by name prefix', () => {
    expect(selectModules(modules, 'sm').map((m) => m.name)).toEqual(['sm2', 'sm3']);
    expect(selectModules(modules, 'pdf').map((m) => m.name)).toEqual(['pdf.seal']);
    expect(selectModules(modules, 'api')).toEqual([]);
    expect(selectModules(modules)).toHaveLength(4);
  });

  it('runs every module, keeps going past a failure, and derives missing ratios', async () => {
    const run = await runBenchModules(modules);
    expect(run.failures).toEqual([{ module: 'broken', error: 'openssl not found' }]);
    const byName = Object.fromEntries(run.results.map((r) => [r.name, r]));
    expect(byName['sm2.sign'].ratio).toBe(0.5); // rate: ours / baseline
    expect(byName.sm3.ratio).toBe(0.8); // given by the module: kept
    expect(byName['pdf.seal.10mb'].ratio).toBe(0.5); // time: baseline / ours
  });

  it('keeps earlier results of modules that did not run', () => {
    const previous = [
      { name: 'sm2.sign', value: 1, unit: 'ops/s' },
      { name: 'anchor', value: 6000, unit: 'records/s' },
    ];
    const merged = mergeResults(previous, [{ name: 'sm2.sign', value: 2, unit: 'ops/s' }]);
    expect(merged).toEqual([
      { name: 'anchor', value: 6000, unit: 'records/s' },
      { name: 'sm2.sign', value: 2, unit: 'ops/s' },
    ]);
  });

  it('prints a table with baseline, ratio and target, flagging figures below target', async () => {
    const { results } = await runBenchModules(modules.slice(0, 3));
    const table = formatTable(results);
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^name\s+value\s+unit\s+baseline\s+ratio\s+target\s+check$/);
    expect(lines[2]).toMatch(/^sm2\.sign\s+2,000\s+ops\/s\s+openssl 4,000\s+0\.50\s+0\.50\s+ok$/);
    expect(lines[3]).toMatch(/^sm3\s+400\s+MB\/s\s+node 500\s+0\.80\s+0\.90\s+BELOW TARGET$/);
    expect(lines[4]).toMatch(/^pdf\.seal\.10mb\s+0\.0600\s+s\s+sm3-hash 0\.0300\s+0\.50\s+-\s+-$/);
    expect(lines.slice(5)).toEqual(['', 'notes:', '  sm2.sign: 1 KiB messages']);
  });
});
