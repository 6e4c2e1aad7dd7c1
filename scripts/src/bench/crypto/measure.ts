/**
 * Ops per CPU-second of a synchronous operation: a short warm-up (JIT, lazy tables), then as many
 * calls as fit in `seconds` of wall time, divided by the process's user CPU time. `openssl speed`
 * divides by user CPU time too (unless -elapsed), so the two stay comparable on a loaded machine
 * where wall-clock rates would mostly measure the neighbours.
 */
export function opsPerSecond(op: (i: number) => unknown, seconds: number, warmupSeconds = 0.3): number {
  runFor(op, warmupSeconds);
  const cpuBefore = process.cpuUsage();
  const { ops } = runFor(op, seconds);
  const userSeconds = process.cpuUsage(cpuBefore).user / 1e6;
  return ops / Math.max(userSeconds, 1e-3);
}

function runFor(op: (i: number) => unknown, seconds: number): { ops: number } {
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  let ops = 0;
  do {
    for (let j = 0; j < 4; j++) op(ops++);
  } while (process.hrtime.bigint() - start < budget);
  return { ops };
}
