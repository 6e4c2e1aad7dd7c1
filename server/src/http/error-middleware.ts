import { SealError } from '@eseal/core';
import type { ErrorRequestHandler } from 'express';
import { statusOf } from './error-status';
import type { ResponseWithError } from './request-logger';
import { toErrorResponse } from './error-response';
import { toSealError } from './to-seal-error';

/**
 * The single place that turns a thrown error into a response. Routes throw SealErrors; they never
 * build error bodies. Server-side failures (5xx) hand the original error to the request log, with its
 * stack and cause; the caller only sees the code, a safe message and the request id to quote.
 */
export function errorMiddleware(): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) {
      // Too late for an error body (a download failed mid-way): log it and cut the connection so the
      // client sees a truncated response rather than a complete-looking one.
      (res as ResponseWithError).err = error;
      req.socket.destroy();
      return;
    }
    let sealError = toSealError(error);
    const status = statusOf(sealError.code);
    if (status >= 500) {
      // The request logger logs `res.err` with the completed request, so the stack is logged exactly once.
      (res as ResponseWithError).err = error;
      if (sealError.code === 'INTERNAL') {
        sealError = new SealError('INTERNAL', sealError.message, {
          details: { ...sealError.details, requestId: String(req.id ?? '') },
          cause: error,
        });
      }
    }
    if (sealError.code === 'METHOD_NOT_ALLOWED' && Array.isArray(sealError.details?.allow)) {
      res.setHeader('Allow', (sealError.details.allow as string[]).join(', '));
    }
    res.status(status).json(toErrorResponse(sealError));
  };
}
