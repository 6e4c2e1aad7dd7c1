import { SealError } from '@eseal/core';
import type { LookupBy, LookupResolver, PublicLookupFields } from './lookup-resolvers';

export const LOOKUP_CODES = { MATCH: 'LOOKUP_MATCH', MISMATCH: 'LOOKUP_MISMATCH', NOT_FOUND: 'LOOKUP_NOT_FOUND' } as const;

export interface PublicLookupInput {
  by: LookupBy;
  value: string;
  documentSm3?: string;
}

export type PublicLookupAnswer = {
  result: keyof typeof LOOKUP_CODES;
  code: (typeof LOOKUP_CODES)[keyof typeof LOOKUP_CODES];
  by: LookupBy;
  value: string;
} & PublicLookupFields;

/**
 * MATCH: the value is known and (when given) documentSm3 is the document it speaks of; MISMATCH:
 * known, but about another document; NOT_FOUND: unknown. Hashes are compared in lower case.
 */
export async function lookupPublicly(resolvers: readonly LookupResolver[], input: PublicLookupInput): Promise<PublicLookupAnswer> {
  const resolver = resolvers.find((r) => r.by === input.by);
  if (!resolver) throw new SealError('VALIDATION_FAILED', `cannot look up by ${input.by}`, { details: { by: input.by } });
  const value = input.by === 'sm3' ? input.value.toLowerCase() : input.value;
  const outcome = await resolver.resolve(value, input.documentSm3?.toLowerCase());
  const head = { result: outcome.result, code: LOOKUP_CODES[outcome.result], by: input.by, value };
  return outcome.result === 'NOT_FOUND' ? head : { ...head, ...outcome.shown };
}
