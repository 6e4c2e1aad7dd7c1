import canonicalize from 'canonicalize';

/**
 * The one canonical JSON of the project: RFC 8785 (JSON Canonicalization Scheme) through the
 * `canonicalize` package. Every endorsing peer must produce the same bytes for the same state,
 * otherwise endorsements disagree and the transaction is invalidated; the server hashes its audit
 * chain and idempotency fingerprints with the same function (it re-exports this one), so an auditor's
 * own RFC 8785 implementation recomputes every hash. Keys are sorted by UTF-16 code units, undefined
 * members are dropped, and values with a toJSON (Dates) are written as that (an ISO string).
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('canonicalJson: the value has no JSON form');
  return text;
}

export function toBytes(value: unknown): Uint8Array {
  return Buffer.from(canonicalJson(value), 'utf8');
}

export function fromBytes<T>(bytes: Uint8Array): T {
  return JSON.parse(utf8Text(bytes)) as T;
}

export function utf8Text(bytes: Uint8Array): string {
  // A view, not a copy: the bytes are only decoded.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
