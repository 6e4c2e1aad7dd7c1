/** The security feature's routes and settings; composition/security.ts wires them with sign-in, API keys and the audit log. */
export { credentialRoutes } from './account-routes';
export { auditRoutes, type AuditRouteDeps } from './audit-routes';
export { browserSessionRoutes } from './browser-session-routes';
export { sessionRoutes } from './session-routes';
export { readSecurityOptions, type SecurityOptions } from './security-config';
