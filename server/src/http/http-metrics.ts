import type { RequestHandler } from 'express';
import type { Metrics } from '../observability/metrics';

/**
 * Times every request into the duration histogram. The route label is the matched pattern
 * ("/api/v1/seals/:sealId"), never the raw URL, and unmatched requests share one label, so a scanner
 * hitting random URLs cannot create unbounded label values.
 */
export function httpMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const stopTimer = metrics.httpRequestDuration.startTimer();
    res.once('finish', () => {
      const route = routeLabel(req, res);
      stopTimer({ method: req.method, route, status_code: String(res.statusCode) });
    });
    next();
  };
}

/** Typed routes record their full pattern up front, because Express resets baseUrl when an error leaves a router. */
export const ROUTE_PATTERN_LOCAL = 'routePattern';

function routeLabel(req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1]): string {
  const recorded: unknown = res.locals[ROUTE_PATTERN_LOCAL];
  if (typeof recorded === 'string') return recorded;
  const pattern: unknown = req.route?.path;
  return typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : '<unmatched>';
}
