import { SealError } from '@eseal/core';
import type { RequestHandler } from 'express';

const MAX_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Refuses JSON bodies carrying MongoDB operators (`{"unitId": {"$gt": ""}}`) or prototype keys, at any
 * depth. Schemas would reject most of these, but a field typed as free-form details would carry them
 * into a query or a merge; refusing them at the door means no handler ever sees one.
 */
export function rejectOperatorKeys(): RequestHandler {
  return (req, _res, next) => {
    const found = findForbiddenKey(req.body, '', 0);
    if (found) {
      throw new SealError('VALIDATION_FAILED', `Invalid request (body ${found.path}: ${found.why})`, {
        details: { issues: [{ in: 'body', path: found.path, code: 'custom', message: found.why }] },
      });
    }
    next();
  };
}

function findForbiddenKey(value: unknown, path: string, depth: number): { path: string; why: string } | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (depth > MAX_DEPTH) return { path, why: `nested deeper than ${MAX_DEPTH} levels` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findForbiddenKey(value[i], path ? `${path}.${i}` : String(i), depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    const keyPath = path ? `${path}.${key.slice(0, 64)}` : key.slice(0, 64);
    if (key.startsWith('$')) return { path: keyPath, why: 'keys starting with "$" are not accepted' };
    if (FORBIDDEN_KEYS.has(key)) return { path: keyPath, why: `"${key}" is not an accepted key` };
    const found = findForbiddenKey((value as Record<string, unknown>)[key], keyPath, depth + 1);
    if (found) return found;
  }
  return undefined;
}
