import type { Request } from 'express';
import type { Operation } from '../../access/operations';

/** What the guard learned about the matched route, for the audit trail that runs after the response. */
export interface RouteContext {
  operation?: Operation;
  pattern: string;
  params: Record<string, string>;
}

const ROUTE = Symbol('eseal.route');
const ERROR_CODE = Symbol('eseal.errorCode');

type WithContext = Request & { [ROUTE]?: RouteContext; [ERROR_CODE]?: string };

export function setRouteContext(req: Request, context: RouteContext): void {
  (req as WithContext)[ROUTE] = context;
}

export function findRouteContext(req: Request): RouteContext | undefined {
  return (req as WithContext)[ROUTE];
}

export function setErrorCode(req: Request, code: string): void {
  (req as WithContext)[ERROR_CODE] = code;
}

export function findErrorCode(req: Request): string | undefined {
  return (req as WithContext)[ERROR_CODE];
}
