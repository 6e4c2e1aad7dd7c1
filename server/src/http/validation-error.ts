import { SealError } from '@eseal/core';
import type { ZodError } from 'zod';

export type InputLocation = 'params' | 'query' | 'body' | 'headers';

/** Zod issues as the VALIDATION_FAILED details: where, which field (dotted path), and what is wrong. */
export function validationError(error: ZodError, location?: InputLocation): SealError {
  const issues = error.issues.map((issue) => ({
    ...(location ? { in: location } : {}),
    path: issue.path.join('.'),
    code: issue.code,
    message: issue.message,
  }));
  const first = issues[0];
  const where = [first?.in, first?.path].filter(Boolean).join(' ');
  return new SealError('VALIDATION_FAILED', `Invalid request${where ? ` (${where}: ${first?.message})` : ''}`, {
    details: { issues },
    cause: error,
  });
}
