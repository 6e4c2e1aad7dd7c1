export { loadConfig, readOrCreateDevKek, Secret, type AppConfig, type LoadConfigOptions, type LedgerKind, type LogLevel } from './config';
export { createApp, API_BASE_PATH, type AppDeps, type ApiModule } from './app';
export { startServer, type StartServerOptions, type RunningServer, type ServerInfra, type ServerExtension } from './start-server';
export {
  ApiRouter,
  type RouteGuard,
  type RouteAccess,
  type DeclaredRoute,
  type RouteInput,
  type JsonRouteSpec,
  type BinaryRouteSpec,
  type BinaryBody,
  type HttpMethod,
} from './http/api-router';
export { ERROR_STATUS, statusOf } from './http/error-status';
export { ErrorResponseSchema, type ErrorResponse } from './http/error-response';
export { runProbes, type HealthProbe, type HealthReport } from './http/health';
export { createLogger, createMetrics, type Logger, type Metrics } from './observability';
export { connectMongo, mongoHealthProbe } from './infra/mongo';
export { connectRedis, closeRedis, redisHealthProbe } from './infra/redis';
export { acquirePidLock, isProcessAlive, readPidLock, type PidLock, type PidLockContent } from './infra/pid-lock';
export { z, createOpenApiRegistry, buildOpenApiDocument, OPENAPI_PATH, type OpenApiDocument } from './openapi';
export { composeExtensions, type ExtensionFactory } from './compose-extensions';
export {
  composeApplication,
  serviceProcessors,
  localCourtChainClients,
  localRelayClientKey,
  useLocalCourtChain,
  type Application,
  type ApplicationInput,
  lifecycleServerExtension,
  createServices,
  openConfiguredLedger,
  checkStartEnvironment,
  type LocalLaunches,
  type StartEnvironment,
  type Services,
  type ServicesOptions,
} from './composition';
export { relayServerExtension, type RelayExtensionOptions } from './composition';
export { openDevelopmentCa, developmentCrlDistributionPoints, readTimeStampSettings, type TimeStampSettings } from './composition';
export { HttpTimeStampAuthority, type HttpTimeStampAuthorityOptions } from './adapters/tsa';
export * from './relay';
export { readSecurityOptions } from './api/security';
export { securityServerExtension } from './composition/security';
export * from './ledger';
export { LOCAL_ENDPOINTS_FILE, type LocalEndpoints } from './cli/local-endpoints';
export { samplePdf } from './cli/commands/demo-sample-pdf';
export { measureProofBundleCost, type ProofBundleCost } from './usecases/evidence';
export {
  BullCertificateQueue,
  certificateServerExtension,
  type CertificateExtensionOptions,
  type CertificateProducer,
} from './composition';
export { EvidenceCertificateStore } from './store/evidence';
export { measureCertificateCost, type CertificateCost } from './composition/certificate-cost';
