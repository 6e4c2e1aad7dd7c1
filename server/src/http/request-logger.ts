import type { Express, Request, Response } from 'express';
import type { Logger } from '../observability/logger';
import { REQUEST_ID_HEADER, chooseRequestId } from './request-id';

declare module 'http' {
  interface IncomingMessage {
    /** The request id: the caller's X-Request-Id when it is sane, otherwise a fresh UUID. */
    id?: string;
    /** A logger whose lines carry this request's id (made on first use). */
    readonly log: Logger;
  }
}

/** Set by the error middleware on a 5xx, so the request's log line carries the stack exactly once. */
export type ResponseWithError = Response & { err?: unknown };

const CHILD_LOGGER = Symbol('request child logger');

/**
 * One log line per request, carrying the request id, which is also echoed back so a caller can quote
 * it in a support request. `req.log` is a child logger with that id, made only when a route logs:
 * most requests never need one, and making one per request is a measurable share of a cheap request.
 * Only method, url, status and timing are logged: headers carry tokens.
 */
export function useRequestLogging(app: Express, logger: Logger): void {
  Object.defineProperty(app.request, 'log', {
    configurable: true,
    get(this: Request & { [CHILD_LOGGER]?: Logger }): Logger {
      // The same `req` binding as the request's own line, so one query on req.id finds every line.
      return (this[CHILD_LOGGER] ??= logger.child({ req: requestFields(this) }));
    },
  });
  app.use((req, res, next) => {
    const id = chooseRequestId(req.headers[REQUEST_ID_HEADER]);
    req.id = id;
    res.setHeader('X-Request-Id', id);
    const started = performance.now();
    const logCompleted = () => {
      res.off('finish', logCompleted);
      res.off('close', logCompleted);
      res.off('error', logFailedWrite);
      logRequest(logger, req, res, performance.now() - started);
    };
    // A failed write is logged with the request rather than thrown as an uncaught 'error' event.
    const logFailedWrite = (error: Error) => {
      (res as ResponseWithError).err ??= error;
      logCompleted();
    };
    res.on('finish', logCompleted);
    res.on('close', logCompleted);
    res.on('error', logFailedWrite);
    next();
  });
}

function logRequest(logger: Logger, req: Request, res: ResponseWithError, elapsedMs: number): void {
  const failed = res.err !== undefined || res.statusCode >= 500;
  const level = failed ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
  if (!logger.isLevelEnabled(level)) return;
  const sent = res.headersSent;
  const message = failed ? 'request errored' : res.writableFinished ? 'request completed' : 'request aborted';
  logger[level](
    {
      req: requestFields(req),
      // An aborted request was never answered: no status to report.
      res: { statusCode: sent ? res.statusCode : null },
      responseTime: Math.round(elapsedMs),
      // A 5xx answered without a thrown error (a failing health probe) still says why it is an error.
      ...(failed ? { err: res.err ?? new Error(`failed with status code ${res.statusCode}`) } : {}),
    },
    message,
  );
}

function requestFields(req: Request): { id: string | undefined; method: string; url: string } {
  return { id: req.id, method: req.method, url: req.originalUrl };
}
