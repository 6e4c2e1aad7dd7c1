import { SealError } from '@eseal/core';

export type ServiceName = 'redis' | 'ferretdb' | 'public-security' | 'court-chain' | 'tsa';

/**
 * Every way a local service can fail to come up (missing binary, port taken, early exit, no answer)
 * is the same thing to the caller: a dependency it cannot use. The message is one line that names
 * the service and what to do.
 */
export function serviceUnavailable(
  service: ServiceName,
  message: string,
  details: Record<string, unknown> = {},
  cause?: unknown,
): SealError {
  return new SealError('DEPENDENCY_UNAVAILABLE', `${service}: ${message}`, { details: { service, ...details }, cause });
}
