import canonicalize from 'canonicalize';

/**
 * The project's one canonical JSON, RFC 8785 (JSON Canonicalization Scheme) through the
 * `canonicalize` package, exactly as the chaincode writes ledger state (chaincode/src/contract/
 * canonical-json.ts wraps the same package; the chaincode may import nothing of ours, and the CLI
 * must not load the chaincode runtime just to hash). The audit chain and idempotency fingerprints
 * hash it, so any verifier (this server, the CLI, an auditor's own RFC 8785 code) recomputes them.
 * Dates are written through their toJSON (ISO strings); undefined members are dropped.
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('canonicalJson: the value has no JSON form');
  return text;
}
