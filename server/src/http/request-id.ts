import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * A caller-supplied request id is kept so one id follows a request across services, but only if it is
 * short and plain: the id is written into logs and headers, where newlines or megabytes would let a
 * caller forge log lines or bloat them.
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function chooseRequestId(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}
