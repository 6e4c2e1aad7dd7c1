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
      return (this[CHILD_LOGGER] ??= logger.child({ reqId: this.id }));
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
      logRequest(logger, req, res, performance.now() - started);
    };
    res.on('finish', logCompleted);
    res.on('close', logCompleted);
    next();
  });
}

function logRequest(logger: Logger, req: Request, res: ResponseWithError, elapsedMs: number): void {
  const error = res.err;
  const level = error !== undefined || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
  if (!logger.isLevelEnabled(level)) return;
  const message = error !== undefined ? 'request errored' : res.writableFinished ? 'request completed' : 'request aborted';
  logger[level]({
    req: { id: req.id, method: req.method, url: req.originalUrl },
    res: { statusCode: res.statusCode },
    responseTime: Math.round(elapsedMs),
    ...(error !== undefined ? { err: error } : {}),
  }, message);
}
