import { SealError, isSealError } from '@eseal/core';
import { ZodError } from 'zod';
import { isDuplicateKeyError } from '../store/ferretdb';
import { unreachableStore } from './store-unreachable';
import { validationError } from './validation-error';

/** Errors raised by Express's body parsers (http-errors) carry a `type` naming what went wrong. */
interface BodyParserError {
  type: string;
  status: number;
  expose?: boolean;
  limit?: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as BodyParserError).type === 'string' &&
    typeof (error as BodyParserError).status === 'number'
  );
}

const STORE_NAMES = { mongodb: 'The record store', redis: 'The queue store', network: 'A service this request needs' } as const;

/**
 * Turns anything thrown while handling a request into a SealError. Known shapes keep their meaning;
 * anything else becomes INTERNAL with a fixed message, because its own message may carry internals
 * (file paths, connection strings, query text) that the caller must not see. The original stays as `cause`.
 */
export function toSealError(error: unknown): SealError {
  if (isSealError(error)) return error;
  if (error instanceof ZodError) return validationError(error);
  if (isBodyParserError(error)) {
    switch (error.type) {
      case 'entity.parse.failed':
        return new SealError('MALFORMED_JSON', 'The request body is not valid JSON', { cause: error });
      case 'entity.too.large':
        return new SealError('PAYLOAD_TOO_LARGE', 'The request body is larger than the server accepts', {
          details: error.limit === undefined ? undefined : { limitBytes: error.limit },
          cause: error,
        });
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return new SealError('UNSUPPORTED_MEDIA_TYPE', 'The request body encoding or charset is not supported', { cause: error });
      case 'request.size.invalid':
        return new SealError('MALFORMED_JSON', 'The request body length does not match Content-Length', { cause: error });
      case 'request.aborted':
        return new SealError('REQUEST_TIMEOUT', 'The request was aborted before its body arrived', { cause: error });
    }
  }
  if (isDuplicateKeyError(error)) {
    return new SealError('CONCURRENT_WRITE', 'A concurrent request stored the same record first; repeat the request', { cause: error });
  }
  const store = unreachableStore(error);
  if (store !== undefined) {
    return new SealError('DEPENDENCY_UNAVAILABLE', `${STORE_NAMES[store]} is unreachable; retry later`, {
      details: { dependency: store },
      cause: error,
    });
  }
  return new SealError('INTERNAL', 'Internal error', { cause: error });
}
