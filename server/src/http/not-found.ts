import { SealError } from '@eseal/core';
import type { RequestHandler } from 'express';

/** Last in the chain: nothing matched, so the caller gets a coded 404 rather than Express's HTML page. */
export function routeNotFound(): RequestHandler {
  return (req) => {
    throw new SealError('ROUTE_NOT_FOUND', `No route for ${req.method} ${req.path}`, {
      details: { method: req.method, path: req.path },
    });
  };
}
