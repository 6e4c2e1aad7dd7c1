import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../local-services';
import { send, startServerThread } from './api';
import type { BenchModule, BenchResult } from './result';

/**
 * verify.bulk: what a court does with a stack of documents. 1,000 distinct PDFs signed through the
 * API by 100 seals (of 100 units), verified by one `seal verify <folder>` call (a new process: start-up,
 * trust, ledger and every file), in files per second, against POST /api/v1/verify of the same 1,000
 * files through the running server (16 in flight), measured in the same run. Both consult the same
 * embedded ledger in the same state (nothing is anchored: no worker runs), and the bench fails if
 * either finds a file INVALID.
 */
const SEALS = 100;
const DOCUMENTS_PER_SEAL = 10;
const CONCURRENCY = 16;
const SEAL_CLI = join(REPO_ROOT, 'server', 'dist', 'cli', 'seal.js');

export const verifyBulkBench: BenchModule = {
  name: 'verify-bulk',
  async run(): Promise<BenchResult[]> {
    const server = await startServerThread({ population: { seals: SEALS, documentsPerSeal: DOCUMENTS_PER_SEAL } });
    try {
      const bulk = server.ready.bulk!;
      const files = readdirSync(bulk.dir).map((name) => join(bulk.dir, name));
      const api = await verifyThroughApi(server.ready.port, server.ready.auditorCaller, files);
      const cli = verifyThroughCli(bulk.dir, bulk.dataDir);
      return [
        {
          name: 'verify.bulk',
          value: round(cli.perSecond),
          unit: 'files/s',
          baseline: { name: 'api.verify of the same files', value: round(api.perSecond) },
          ratio: round(cli.perSecond / api.perSecond),
          note: `${files.length} distinct PDFs from ${bulk.seals} seals in one \`seal verify <folder>\` call (${round(cli.seconds)} s, ${cli.summary}); API ${CONCURRENCY} in flight (${api.verdicts})`,
        },
      ];
    } finally {
      await server.stop();
    }
  },
};

async function verifyThroughApi(port: number, caller: string, files: string[]): Promise<{ perSecond: number; verdicts: string }> {
  const bodies = files.map((file) => readFileSync(file));
  const verdicts: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  const loop = async () => {
    for (let i = next++; i < bodies.length; i = next++) {
      const res = await send(port, {
        method: 'POST',
        path: '/api/v1/verify',
        headers: { 'content-type': 'application/pdf', 'x-bench-caller': caller },
        body: bodies[i],
      });
      if (res.status !== 200) throw new Error(`verify answered ${res.status}: ${res.body.toString('utf8').slice(0, 300)}`);
      const verdict = String((JSON.parse(res.body.toString('utf8')) as { verdict?: string }).verdict);
      verdicts[verdict] = (verdicts[verdict] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  const seconds = (performance.now() - started) / 1000;
  if (verdicts.INVALID) throw new Error(`the API found ${verdicts.INVALID} of the bulk files INVALID`);
  return { perSecond: bodies.length / seconds, verdicts: describeCounts(verdicts) };
}

function verifyThroughCli(dir: string, dataDir: string): { perSecond: number; seconds: number; summary: string } {
  const started = performance.now();
  const run = spawnSync(process.execPath, [SEAL_CLI, 'verify', dir], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { PATH: process.env.PATH, DATA_DIR: dataDir },
  });
  const seconds = (performance.now() - started) / 1000;
  // 0 all valid, 3 some indeterminate (nothing anchored here); 1 would be a file found INVALID.
  if (run.status !== 0 && run.status !== 3) throw new Error(`seal verify exited ${run.status}: ${run.stderr.slice(0, 500)}`);
  const lines = run.stdout.trim().split('\n');
  const summary = lines[lines.length - 1] ?? '';
  const count = Number(summary.split(' ')[0]);
  if (count !== readdirSync(dir).length) throw new Error(`seal verify summarised ${summary}`);
  return { perSecond: count / seconds, seconds, summary };
}

const describeCounts = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([verdict, n]) => `${n} ${verdict}`)
    .join(', ');
const round = (n: number) => Math.round(n * 100) / 100;
