import express, { type Express } from 'express';
import { ApiRouter, type RouteGuard } from './http/api-router';
import { errorMiddleware } from './http/error-middleware';
import { HEALTH_PATH, healthHandler, registerHealthPath, type HealthProbe } from './http/health';
import { httpMetrics } from './http/http-metrics';
import { METRICS_PATH, metricsHandler, registerMetricsPath } from './http/metrics-route';
import { routeNotFound } from './http/not-found';
import { useRequestLogging } from './http/request-logger';
import { baselineHttpSecurity, type HttpSecurity } from './http/security/http-security';
import type { Logger } from './observability/logger';
import { createMetrics, type Metrics } from './observability/metrics';
import { OPENAPI_PATH, buildOpenApiDocument, type OpenApiDocument } from './openapi/document';
import { createOpenApiRegistry } from './openapi/registry';
import { webPages } from './http/web-pages';

export const API_BASE_PATH = '/api/v1';
export const API_VERSION = '1.0.0';

/** A group of related routes (seals, signing, ...) declared on the typed router. */
export type ApiModule = (api: ApiRouter) => void;

/** Everything the app needs is passed in: no globals, no `app.locals`, so tests build apps freely. */
export interface AppDeps {
  logger: Logger;
  bodyLimitBytes: number;
  /** Dependencies /health reports on, in this order. */
  probes: readonly HealthProbe[];
  apiModules?: readonly ApiModule[];
  /** Authenticates callers and checks each route's operation; without one only public routes answer. */
  routeGuard?: RouteGuard;
  /**
   * Security headers, CORS, rate limits, timeouts, strict query parsing, the audit trail and the route
   * guard (see http/security). Defaults to the baseline: headers and strict input, deny-by-default.
   */
  security?: HttpSecurity;
  /** Defaults to a fresh registry with default process metrics. */
  metrics?: Metrics;
  healthTimeoutMs?: number;
  /** The built browser pages (default: web/dist of this checkout, when built); null serves no pages. */
  webRoot?: string | null;
}

/** Builds the Express app (no listening): operations endpoints, the typed /api/v1 routes, one error mapper. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // API answers are not cached by clients; a SHA-1 ETag over every JSON body (21 KB on sign) is pure cost.
  app.set('etag', false);
  const security = deps.security ?? baselineHttpSecurity(API_BASE_PATH);
  security.configure(app);
  const registry = createOpenApiRegistry();
  const metrics = deps.metrics ?? createMetrics();

  useRequestLogging(app, deps.logger);
  app.use(httpMetrics(metrics));
  for (const handler of security.beforeBody) app.use(handler);
  app.use(express.json({ limit: deps.bodyLimitBytes }));
  for (const handler of security.afterBody) app.use(handler);

  app.get(HEALTH_PATH, healthHandler(deps.probes, { timeoutMs: deps.healthTimeoutMs }));
  registerHealthPath(registry);
  app.get(METRICS_PATH, metricsHandler(metrics));
  registerMetricsPath(registry);

  const api = new ApiRouter(registry, API_BASE_PATH, deps.routeGuard ?? security.guard);
  for (const declareRoutes of deps.apiModules ?? []) declareRoutes(api);
  api.finish();

  // Generated on first request, after every module has registered its paths.
  let document: OpenApiDocument | undefined;
  app.get(OPENAPI_PATH, (_req, res) => {
    document ??= buildOpenApiDocument(registry, { title: 'Electronic seal service API', version: API_VERSION });
    res.json(document);
  });
  app.use(API_BASE_PATH, api.router);
  const pages = deps.webRoot === null ? undefined : webPages(deps.webRoot);
  if (pages) app.use(pages);

  app.use(routeNotFound());
  app.use(security.errorTap);
  app.use(errorMiddleware());
  return app;
}
