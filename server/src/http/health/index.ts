export type { HealthProbe } from './health-probe';
export { HealthReportSchema, type HealthReport, type DependencyHealth } from './health-report';
export { runProbes, DEFAULT_PROBE_TIMEOUT_MS } from './run-probes';
export { healthHandler, registerHealthPath, HEALTH_PATH } from './health-route';
