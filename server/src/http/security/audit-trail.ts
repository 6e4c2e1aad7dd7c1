import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { findCaller } from '../../access/request-caller';
import type { AuditEntryInput, AuditResult } from '../../audit/audit-entry';
import type { Logger } from '../../observability/logger';
import { SealError } from '@eseal/core';
import { toSealError } from '../to-seal-error';
import { maskPersonalText } from './personal-data-redaction';
import { findErrorCode, findRouteContext, setErrorCode } from './route-context';

/** Operations audited even when they only read: signing and verification are evidence in themselves. */
const ALWAYS_AUDITED = new Set(['document.sign', 'document.verify', 'evidence.read', 'audit.read', 'court.evidence.read', 'archive.read']);
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Routes anyone may call without an account (seal status, CRL): every call is audited, anonymously. */
const PUBLIC_LOOKUP_PREFIX = '/public/';

function isPublicLookup(route: { operation?: string; pattern: string } | undefined): boolean {
  return route !== undefined && route.operation === undefined && route.pattern.includes(PUBLIC_LOOKUP_PREFIX);
}
/** Statuses that mean "refused because of who you are or how often you ask". */
const DENIAL_STATUSES = new Set([401, 403, 423, 429]);

export interface AuditSink {
  append(entry: AuditEntryInput): Promise<unknown>;
}

/**
 * Records, after the response, every API write, every sign/verify and every refused or failed API
 * request, with who, what, from where and the outcome. Handlers do nothing for it. The write happens
 * once the response has finished, so the caller's latency does not include it; a failed write is
 * logged at error level (the lifecycle's own recordAudit covers state changes synchronously).
 */
export function auditTrail(sink: AuditSink, logger: Logger, apiBasePath: string): RequestHandler {
  return (req, res, next) => {
    if (req.path.startsWith(apiBasePath)) {
      let recorded = false;
      const record = () => {
        if (recorded) return;
        recorded = true;
        const entry = describe(req, res);
        if (entry) sink.append(entry).catch((error) => logger.error({ err: error, requestId: req.id }, 'audit trail write failed'));
      };
      // 'close' without 'finish': the caller went away mid-request; that attempt is recorded too.
      res.once('finish', record);
      res.once('close', record);
    }
    next();
  };
}

/**
 * Sits just before the error middleware: notes the code the caller is about to get, and masks
 * personal data in the message and details. Validation messages quote what was sent (zod's "received
 * '110101...'"); an ID number typed into the wrong field must not come back in clear.
 */
export function errorCodeTap(): ErrorRequestHandler {
  return (error, req, _res, next) => {
    const sealError = toSealError(error);
    setErrorCode(req, sealError.code);
    const message = maskPersonalText(sealError.message);
    const details =
      sealError.details === undefined
        ? undefined
        : (JSON.parse(maskPersonalText(JSON.stringify(sealError.details))) as Record<string, unknown>);
    if (message === sealError.message && JSON.stringify(details) === JSON.stringify(sealError.details)) return next(error);
    next(new SealError(sealError.code, message, { details, cause: error }));
  };
}

function describe(req: Request, res: Response): AuditEntryInput | undefined {
  const route = findRouteContext(req);
  // A connection dropped before the answer was complete is logged as 499 (client closed request).
  const status = res.writableFinished ? res.statusCode : 499;
  const publicLookup = isPublicLookup(route);
  const audited =
    !READ_METHODS.has(req.method) ||
    (route?.operation !== undefined && ALWAYS_AUDITED.has(route.operation)) ||
    publicLookup ||
    status >= 400;
  if (!audited) return undefined;
  const caller = findCaller(req);
  // Public lookups are audited on every call; when answered, the caller's address (personal data) is not
  // kept. A refused request keeps it, like every refusal: it is the trace of a probe.
  const ip = publicLookup && status < 400 ? undefined : (req.ip ?? req.socket.remoteAddress);
  // The path of an unmatched request is attacker-chosen: truncated, and never with its query string.
  const target = `${req.method} ${route?.pattern ?? req.originalUrl.split('?')[0].slice(0, 200)}`;
  const result: AuditResult = status < 400 ? 'SUCCESS' : DENIAL_STATUSES.has(status) ? 'DENIED' : 'FAILED';
  const code = findErrorCode(req);
  const params = route?.params ?? {};
  return {
    action: route?.operation ?? target,
    actor: {
      id: caller?.id ?? 'anonymous',
      role: caller ? (caller.roles[0] ?? caller.kind) : 'anonymous',
      ...(ip === undefined ? {} : { ip }),
    },
    result,
    status,
    target,
    ...(code === undefined ? {} : { code }),
    ...(typeof req.id === 'string' ? { requestId: req.id } : {}),
    ...(typeof params.unitId === 'string' ? { unitId: params.unitId.slice(0, 100) } : {}),
    ...(typeof params.sealId === 'string' ? { sealId: params.sealId.slice(0, 100) } : {}),
  };
}
