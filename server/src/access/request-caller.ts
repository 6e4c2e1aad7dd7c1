import { SealError } from '@eseal/core';
import type { Request } from 'express';
import type { Caller } from './caller';

/** The authenticated caller travels on the request under a private symbol: no res.locals/app.locals strings. */
const CALLER = Symbol('eseal.caller');

type WithCaller = Request & { [CALLER]?: Caller };

export function setCaller(req: Request, caller: Caller): void {
  (req as WithCaller)[CALLER] = caller;
}

export function findCaller(req: Request): Caller | undefined {
  return (req as WithCaller)[CALLER];
}

/** For handlers of authenticated routes; the authentication middleware has already run. */
export function getCaller(req: Request): Caller {
  const caller = findCaller(req);
  if (!caller) throw new SealError('UNAUTHENTICATED', 'authentication required');
  return caller;
}
