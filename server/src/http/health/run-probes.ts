import { isSealError } from '@eseal/core';
import type { Logger } from '../../observability/logger';
import type { HealthProbe } from './health-probe';
import type { DependencyHealth, HealthReport } from './health-report';

/** A hung dependency must read as "down" within a load balancer's patience, not hang /health. */
export const DEFAULT_PROBE_TIMEOUT_MS = 2000;

/** Runs every probe in parallel, each bounded by the timeout. */
export async function runProbes(
  probes: readonly HealthProbe[],
  options: { timeoutMs?: number; logger?: Logger } = {},
): Promise<HealthReport> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const dependencies = await Promise.all(probes.map((probe) => runProbe(probe, timeoutMs, options.logger)));
  return { status: dependencies.every((d) => d.status === 'up') ? 'up' : 'down', dependencies };
}

async function runProbe(probe: HealthProbe, timeoutMs: number, logger?: Logger): Promise<DependencyHealth> {
  const started = performance.now();
  const latencyMs = () => Math.round((performance.now() - started) * 10) / 10;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe.check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ProbeTimeout(timeoutMs)), timeoutMs);
      }),
    ]);
    return { name: probe.name, status: 'up', latencyMs: latencyMs() };
  } catch (error) {
    logger?.warn({ err: error, dependency: probe.name }, 'health check failed');
    return { name: probe.name, status: 'down', latencyMs: latencyMs(), error: describe(error) };
  } finally {
    clearTimeout(timer);
  }
}

class ProbeTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

/**
 * /health is often reachable without credentials: report coded or timeout reasons, but keep raw
 * driver messages (hosts, ports, user names) in the log only.
 */
function describe(error: unknown): string {
  if (error instanceof ProbeTimeout) return error.message;
  if (isSealError(error)) return `${error.code}: ${error.message}`;
  return 'check failed (see server log)';
}
