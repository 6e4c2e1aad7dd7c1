import { SealError } from '@eseal/core';
import type { RequestHandler } from 'express';

/**
 * Answers 408 REQUEST_TIMEOUT when a request is not done within `timeoutMs`, so a stuck dependency or a
 * pathological input cannot hold a caller (and a worker slot of the load balancer) forever. A handler
 * that finishes later finds the response already sent; its late write is dropped.
 */
export function requestTimeout(timeoutMs: number): RequestHandler {
  return (req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      next(new SealError('REQUEST_TIMEOUT', `the request took longer than ${timeoutMs} ms`, { details: { timeoutMs } }));
    }, timeoutMs);
    timer.unref();
    const clear = () => clearTimeout(timer);
    res.once('finish', clear);
    res.once('close', clear);
    req.once('error', clear);
    next();
  };
}
