import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { RequestHandler } from 'express';
import type { HealthProbe } from './health-probe';
import { HealthReportSchema } from './health-report';
import { runProbes } from './run-probes';

export const HEALTH_PATH = '/health';

/**
 * GET /health: 200 when every dependency is up, 503 otherwise, with the per-dependency report either
 * way. Not a typed route because its status follows the report, and a 503 here is a health answer,
 * not an error.
 */
export function healthHandler(probes: readonly HealthProbe[], options: { timeoutMs?: number } = {}): RequestHandler {
  return async (req, res) => {
    const report = await runProbes(probes, { timeoutMs: options.timeoutMs, logger: req.log });
    res.setHeader('Cache-Control', 'no-store');
    res.status(report.status === 'up' ? 200 : 503).json(report);
  };
}

export function registerHealthPath(registry: OpenAPIRegistry): void {
  const report = { 'application/json': { schema: HealthReportSchema } };
  registry.registerPath({
    method: 'get',
    path: HEALTH_PATH,
    summary: 'Dependency health (record store, queue store, ledger)',
    tags: ['operations'],
    responses: {
      200: { description: 'Every dependency is up', content: report },
      503: { description: 'At least one dependency is down', content: report },
    },
  });
}
