import { SealError } from '@eseal/core';
import type { AuditAnchorLedger, AuditAnchorSink } from '../../audit';
import type { HttpSecurityOptions } from '../../http/security/http-security';
import type { RateLimit } from '../../http/security/rate-limiter';

export interface SecurityOptions extends Pick<HttpSecurityOptions, 'corsOrigins' | 'hsts' | 'trustProxy' | 'requestTimeoutMs'> {
  apiBasePath?: string;
  /**
   * The ledger (a LedgerClient): checkpoints are anchored on it (chaincode AnchorAudit) and
   * GET /audit/verify checks the chain against the anchors it holds. The composition root passes the
   * same client the lifecycle uses; without one, anchors go to `anchorSink`.
   */
  ledger?: AuditAnchorLedger;
  /** Where audit checkpoints go when there is no ledger (default: the process log). */
  anchorSink?: AuditAnchorSink;
  /** 0 disables the timer (tests anchor on demand). Default 5 minutes. */
  anchorIntervalMs?: number;
  rateLimits?: { perIp: RateLimit; perCaller: RateLimit; signIn: RateLimit };
}

/**
 * Reads the security settings from the environment once at start-up (the launcher passes the result to
 * securityServerExtension). Every variable is optional:
 *  CORS_ORIGINS              comma-separated exact origins allowed to call from a browser (default: none, CORS off)
 *  TRUST_PROXY               Express `trust proxy`: a hop count or subnets ("loopback", "10.0.0.0/8"); unset: trust none
 *  HSTS                      auto (when the request came over TLS) | always | never (default auto)
 *  REQUEST_TIMEOUT_MS        per-request time limit, 1000-600000 (default 30000)
 *  RATE_LIMIT_PER_IP         requests per minute per client address (default 1200)
 *  RATE_LIMIT_PER_CALLER     requests per minute per account or API key (default 6000)
 *  RATE_LIMIT_SIGN_IN        sign-in attempts per minute per client address (default 30)
 *  AUDIT_ANCHOR_INTERVAL_MS  how often the audit head is anchored, 0 = only on demand (default 300000)
 */
export function readSecurityOptions(env: Record<string, string | undefined>): SecurityOptions {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) problems.push(`${name} must be an integer between ${min} and ${max}`);
    return value;
  };
  const origins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    // Exact origins only: a wildcard or a path would widen or break the allow-list silently.
    if (!/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(origin))
      problems.push(`CORS_ORIGINS entry "${origin}" is not an origin like https://portal.example`);
  }
  const hsts = env.HSTS?.trim() || 'auto';
  if (!['auto', 'always', 'never'].includes(hsts)) problems.push('HSTS must be auto, always or never');
  const trustProxyRaw = env.TRUST_PROXY?.trim();
  const trustProxy = trustProxyRaw ? (/^\d+$/.test(trustProxyRaw) ? Number(trustProxyRaw) : trustProxyRaw) : undefined;
  const options: SecurityOptions = {
    corsOrigins: origins,
    hsts: hsts as SecurityOptions['hsts'],
    ...(trustProxy === undefined ? {} : { trustProxy }),
    requestTimeoutMs: int('REQUEST_TIMEOUT_MS', 30_000, 1_000, 600_000),
    anchorIntervalMs: int('AUDIT_ANCHOR_INTERVAL_MS', 300_000, 0, 86_400_000),
    rateLimits: {
      perIp: { limit: int('RATE_LIMIT_PER_IP', 1200, 1, 1_000_000), windowSeconds: 60 },
      perCaller: { limit: int('RATE_LIMIT_PER_CALLER', 6000, 1, 1_000_000), windowSeconds: 60 },
      signIn: { limit: int('RATE_LIMIT_SIGN_IN', 30, 1, 10_000), windowSeconds: 60 },
    },
  };
  if (problems.length > 0)
    throw new SealError('CONFIG_INVALID', `Invalid configuration: ${problems.join('; ')}`, { details: { problems } });
  return options;
}
