import { SealError } from '../../errors';

/**
 * Readers for uploaded JSON that accept exactly one spelling of each value: objects with exactly the
 * known keys, lowercase hex, canonical base64. A bundle is attacker-controlled, and any byte that could
 * change without changing the meaning would be a byte a tamper check cannot see.
 */
export function malformed(field: string, why: string): SealError {
  return new SealError('BUNDLE_MALFORMED', `proof bundle: ${field}: ${why}`, { details: { field } });
}

export type Fields = Record<string, unknown>;

export function objectWithKeys(value: unknown, field: string, required: readonly string[], optional: readonly string[] = []): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(field, 'expected an object');
  const o = value as Fields;
  for (const key of Object.keys(o))
    if (!required.includes(key) && !optional.includes(key)) throw malformed(`${field}.${key}`, 'unknown field');
  for (const key of required) if (!(key in o)) throw malformed(`${field}.${key}`, 'missing');
  return o;
}

export function text(value: unknown, field: string, max = 256): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max)
    throw malformed(field, `expected a string of 1-${max} characters`);
  return value;
}

export function hex(value: unknown, field: string, bytes?: number): string {
  const s = text(value, field, 1 << 16);
  if (!/^(?:[0-9a-f]{2})+$/.test(s) || (bytes !== undefined && s.length !== bytes * 2))
    throw malformed(field, bytes ? `expected ${bytes} bytes of lowercase hex` : 'expected lowercase hex');
  return s;
}

export function base64(value: unknown, field: string, maxChars = 1 << 22): string {
  const s = text(value, field, maxChars);
  // Node decodes base64 leniently (skips stray characters, ignores padding bits): require the one canonical form.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(s) || Buffer.from(s, 'base64').toString('base64') !== s)
    throw malformed(field, 'expected canonical base64');
  return s;
}

export function natural(value: unknown, field: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw malformed(field, 'expected a non-negative integer');
  return value as number;
}

export function isoTime(value: unknown, field: string): string {
  const s = text(value, field, 32);
  const ms = Date.parse(s);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(s) || Number.isNaN(ms) || new Date(ms).toISOString() !== s)
    throw malformed(field, 'expected an ISO 8601 UTC time with milliseconds');
  return s;
}

export function array<T>(value: unknown, field: string, max: number, item: (v: unknown, field: string) => T, min = 0): T[] {
  if (!Array.isArray(value) || value.length < min || value.length > max) throw malformed(field, `expected an array of ${min}-${max} items`);
  return value.map((v, i) => item(v, `${field}[${i}]`));
}
