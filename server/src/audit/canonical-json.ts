/**
 * Deterministic JSON of an audit entry: object keys sorted, undefined members dropped. The chain hash
 * is over these bytes, so any verifier (this server, the CLI, an auditor's script) recomputes the
 * same hash from the same entry regardless of the order the store returns fields in.
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
