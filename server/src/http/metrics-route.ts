import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { RequestHandler } from 'express';
import type { Metrics } from '../observability/metrics';

export const METRICS_PATH = '/metrics';

/**
 * GET /metrics in Prometheus text format. prom-client separates metric families with an empty line;
 * the exposition format has none, and some line-oriented scrapers and checkers stop at the first.
 */
export function metricsHandler(metrics: Metrics): RequestHandler {
  return async (_req, res) => {
    const lines = (await metrics.registry.metrics()).split('\n').filter((line) => line.trim() !== '');
    res.type(metrics.registry.contentType).send(`${lines.join('\n')}\n`);
  };
}

export function registerMetricsPath(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: METRICS_PATH,
    summary: 'Prometheus metrics',
    tags: ['operations'],
    responses: { 200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } } },
  });
}
