import { SealError } from '@eseal/core';

/**
 * A document handed in by an applicant, referenced by its SM3 digest: the file itself lives in the
 * document store, and the digest is what the record and the ledger keep.
 */
export interface DocumentRef<K extends string = string> {
  readonly kind: K;
  /** Lower-case hex SM3 of the file's bytes. */
  readonly sm3: string;
  readonly fileName?: string;
  readonly mediaType?: string;
}

export function isSm3Hex(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}

export function assertSm3Hex(value: unknown, field: string): asserts value is string {
  if (!isSm3Hex(value)) {
    throw new SealError('VALIDATION_FAILED', `${field} must be a lower-case hex SM3 digest (64 characters)`, {
      details: { field },
    });
  }
}

/** Which of `required` kinds have no well-formed document, and which documents carry a malformed digest. */
export function checkDocuments<K extends string>(
  required: readonly K[],
  documents: readonly DocumentRef<string>[],
): { missing: K[]; malformed: string[] } {
  const malformed = documents.filter((d) => !isSm3Hex(d.sm3)).map((d) => d.kind);
  const present = new Set(documents.filter((d) => isSm3Hex(d.sm3)).map((d) => d.kind));
  return { missing: required.filter((k) => !present.has(k)), malformed };
}
