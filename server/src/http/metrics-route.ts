import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { RequestHandler } from 'express';
import type { Metrics } from '../observability/metrics';

export const METRICS_PATH = '/metrics';

/** GET /metrics in Prometheus text format. */
export function metricsHandler(metrics: Metrics): RequestHandler {
  return async (_req, res) => {
    const body = await metrics.registry.metrics();
    res.type(metrics.registry.contentType).send(body);
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
