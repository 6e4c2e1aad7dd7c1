/**
 * Deterministic JSON: object keys sorted, undefined members dropped, Dates as ISO strings. Hashes
 * over it (the audit chain, idempotency fingerprints) come out the same whatever order the store or
 * the caller put the fields in, so any verifier (this server, the CLI, an auditor's script) can
 * recompute them.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortDeep(value));
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) out[key] = sortDeep(member);
    }
    return out;
  }
  return value;
}
