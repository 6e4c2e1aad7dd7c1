import { ChaincodeError } from './errors';

/**
 * Input checks on the way in. Arguments come from any channel member's proposal, so every field is
 * checked for type and shape, and unknown fields are refused so personal data cannot ride along.
 */
type Json = Record<string, unknown>;

const SM3_HEX = /^[0-9a-f]{64}$/;
const CERT_SERIAL_HEX = /^[0-9a-f]{2,64}$/;
const SEAL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const RECORD_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
/** Unified social credit code charset (no I, O, Z, S, V), or an SM3 hash of the unit identifier. */
const UNIT_ID = /^(?:[0-9A-HJ-NPQRTUWXY]{18}|[0-9a-f]{64})$/;
const REASON_CODE = /^[A-Z][A-Z0-9_]{0,39}$/;

function fail(field: string, expected: string): never {
  throw new ChaincodeError('VALIDATION_FAILED', `${field}: expected ${expected}`, { field });
}

export function parseObject(raw: string, what: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    fail(what, 'a JSON object');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(what, 'a JSON object');
  return value as Json;
}

export function onlyFields(obj: Json, allowed: readonly string[], what: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) fail(`${what}.${key}`, 'no such field');
  }
}

function str(obj: Json, field: string, pattern: RegExp, expected: string): string {
  const value = obj[field];
  if (typeof value !== 'string' || !pattern.test(value)) fail(field, expected);
  return value;
}

function optional<T>(obj: Json, field: string, read: (o: Json, f: string) => T): T | undefined {
  return obj[field] === undefined ? undefined : read(obj, field);
}

export const field = {
  sm3: (o: Json, f: string) => str(o, f, SM3_HEX, 'SM3 as 64 lowercase hex digits'),
  certSerial: (o: Json, f: string) => str(o, f, CERT_SERIAL_HEX, 'certificate serial as lowercase hex'),
  sealId: (o: Json, f: string) => str(o, f, SEAL_ID, 'a seal code of 1-64 letters, digits, ".", "_", "-"'),
  recordId: (o: Json, f: string) => str(o, f, RECORD_ID, 'an id of 1-128 letters, digits, ".", "_", ":", "-"'),
  unitId: (o: Json, f: string) => str(o, f, UNIT_ID, 'a unified social credit code or an SM3 hex hash'),
  reasonCode: (o: Json, f: string) => str(o, f, REASON_CODE, 'an upper-case reason code'),
  time: (o: Json, f: string) => {
    const value = o[f];
    // Only the canonical form, so equal instants are equal strings in keys, hashes and comparisons.
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value)) || new Date(value).toISOString() !== value) {
      fail(f, 'an ISO-8601 UTC time like 2026-01-31T08:00:00.000Z');
    }
    return value;
  },
  oneOf: <T extends string>(o: Json, f: string, values: readonly T[]): T => {
    const value = o[f];
    if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) fail(f, `one of ${values.join(', ')}`);
    return value as T;
  },
  array: (o: Json, f: string, min: number, max: number): unknown[] => {
    const value = o[f];
    if (!Array.isArray(value) || value.length < min || value.length > max) fail(f, `an array of ${min}-${max} items`);
    return value;
  },
  optional,
};

export function asObject(value: unknown, what: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(what, 'an object');
  return value as Json;
}

export function parsePageSize(raw: string, max: number): number {
  const n = Number(raw);
  if (!/^[0-9]{1,4}$/.test(raw) || n < 1 || n > max) fail('pageSize', `an integer 1-${max}`);
  return n;
}

export function requireSealId(raw: string): string {
  return field.sealId({ sealId: raw }, 'sealId');
}

export function requireUnitId(raw: string): string {
  return field.unitId({ unitId: raw }, 'unitId');
}

export function requireSm3(raw: string, name: string): string {
  return field.sm3({ [name]: raw }, name);
}

export function requireRecordId(raw: string, name: string): string {
  return field.recordId({ [name]: raw }, name);
}
