import { SealError } from '@eseal/core';
import type { Request } from 'express';

const MAX_QUERY_PARAMETERS = 64;

/**
 * Express's query parser, replaced: every value is a plain string. The extended (qs) parser turns
 * `?unitId[$gt]=` into `{ unitId: { $gt: '' } }`, which a careless `find(req.query)` runs as a
 * MongoDB operator; here no query can produce an object. The result has no prototype, so
 * `__proto__` is an ordinary key. It never throws: loggers read `req.query` too, and a throwing
 * getter there would break logging. Refusals are `queryGuard`'s job.
 */
export function strictQueryParser(queryString: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [name, value] of new URLSearchParams(queryString)) {
    if (!Object.prototype.hasOwnProperty.call(out, name)) out[name] = value;
  }
  return out;
}

/** What is wrong with a raw query string, if anything. */
export function findQueryProblem(queryString: string): { path: string; message: string } | undefined {
  const seen = new Set<string>();
  for (const [name] of new URLSearchParams(queryString)) {
    const path = name.slice(0, 64);
    if (seen.size >= MAX_QUERY_PARAMETERS) return { path: '', message: `at most ${MAX_QUERY_PARAMETERS} query parameters` };
    // `unitId[$gt]` is how qs spells an operator object: nobody sends it by accident, so refuse it loudly.
    if (/[[\]]/.test(name) || name.startsWith('$')) return { path, message: 'brackets and "$" are not accepted in parameter names' };
    // A repeated name is refused rather than silently picking one (parameter pollution).
    if (seen.has(name)) return { path, message: 'repeated parameter' };
    seen.add(name);
  }
  return undefined;
}

/**
 * Refuses operator-shaped, repeated or too many query parameters with VALIDATION_FAILED. The route
 * guard calls it once the caller is known, so the audit entry names who sent the probe.
 */
export function assertPlainQuery(req: Request): void {
  const at = req.originalUrl.indexOf('?');
  const problem = at < 0 ? undefined : findQueryProblem(req.originalUrl.slice(at + 1));
  if (problem) {
    throw new SealError('VALIDATION_FAILED', `Invalid request (query ${problem.path}: ${problem.message})`, {
      details: { issues: [{ in: 'query', path: problem.path, code: 'custom', message: problem.message }] },
    });
  }
}
