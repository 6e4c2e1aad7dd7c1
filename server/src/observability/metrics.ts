import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { createBusinessMetrics, type BusinessMetrics } from './business-metrics';

/** Prometheus metrics of one app. A registry per app (not prom-client's global one) keeps test apps apart. */
export interface Metrics {
  readonly registry: Registry;
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status_code'>;
  /** Signings, verifications, anchors, filings, queue depths: counted by the features that do them. */
  readonly business: BusinessMetrics;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    // Targets: p99 under 200 ms for signing, so resolution matters between 5 ms and 1 s.
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return { registry, httpRequestDuration, business: createBusinessMetrics(registry) };
}
