import { createHmac } from 'node:crypto';
import { SealError } from '@eseal/core';

/**
 * Keyed hash (HMAC-SM3) for looking personal identifiers up without storing them in the clear.
 * A plain SM3 of an ID number is no protection: the space of valid numbers is small enough to
 * enumerate, so the key (kept outside the database) is what makes the index useless to a thief.
 */
export const MIN_LOOKUP_KEY_BYTES = 32;

/** What the hashed value is; part of the MAC input so a phone hash never equals an ID hash. */
export type LookupDomain = 'resident-id' | 'phone' | 'uscc' | 'email' | 'person-name';

export function normaliseForLookup(domain: LookupDomain, value: string): string {
  const trimmed = value.trim();
  switch (domain) {
    case 'resident-id':
    case 'uscc':
      return trimmed.toUpperCase();
    case 'phone':
      return trimmed.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
    case 'email':
      return trimmed.toLowerCase();
    case 'person-name':
      // Full-width and half-width forms of the same name are the same name.
      return trimmed.normalize('NFKC');
  }
}

/** Hex HMAC-SM3 of `domain \0 normalised value`. */
export function lookupHash(key: Uint8Array, domain: LookupDomain, value: string): string {
  if (key.length < MIN_LOOKUP_KEY_BYTES) {
    throw new SealError('CONFIG_INVALID', `lookup key must be at least ${MIN_LOOKUP_KEY_BYTES} bytes`, {
      details: { length: key.length },
    });
  }
  return createHmac('sm3', key)
    .update(`${domain}\0${normaliseForLookup(domain, value)}`, 'utf8')
    .digest('hex');
}
