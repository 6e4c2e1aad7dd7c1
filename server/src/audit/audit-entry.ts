import { createHash } from 'node:crypto';
import { canonicalJson } from '../infra/canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditResult = 'SUCCESS' | 'DENIED' | 'FAILED';

/** What a writer supplies: who, what, when, from where, on what, and how it ended. */
export interface AuditEntryInput {
  /** An operation ('seal.revoke'), a domain action ('REVOKE') or 'http.post' for an unmapped write. */
  action: string;
  actor: { id: string; role: string; ip?: string };
  result: AuditResult;
  at?: Date | string;
  /** HTTP status and error code of the outcome, for API calls. */
  status?: number;
  code?: string;
  /** Method and route pattern (never the query string: it may carry personal data). */
  target?: string;
  requestId?: string;
  unitId?: string;
  sealId?: string;
  from?: string | null;
  to?: string;
  reason?: string;
  details?: Record<string, unknown>;
}

/**
 * One entry of the hash chain as stored. `hash` is SM3 over the canonical JSON of every other field,
 * which includes `prevHash` (the previous entry's hash) and `seq`: editing, removing or reordering any
 * entry changes every hash after it.
 */
export interface AuditRecord extends Omit<AuditEntryInput, 'at'> {
  _id: string;
  seq: number;
  prevHash: string;
  at: string;
  hash: string;
}

export type UnsealedAuditRecord = Omit<AuditRecord, 'hash'>;

/** The canonical form that is hashed: keys sorted, absent fields omitted, times as ISO strings. */
export function canonicalAuditForm(record: UnsealedAuditRecord): string {
  const { hash: _ignored, ...rest } = record as AuditRecord;
  return canonicalJson(rest);
}

export function auditHash(record: UnsealedAuditRecord): string {
  return createHash('sm3').update(canonicalAuditForm(record)).digest('hex');
}

/**
 * Details are reduced to plain JSON before hashing, so what is hashed is exactly what the store gives
 * back (Dates become strings, undefined members disappear) and the chain still verifies after a round trip.
 */
export function toPlainJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Chains entries after `head`, in order. */
export function chainEntries(
  head: { seq: number; hash: string },
  entries: ReadonlyArray<{ id: string; input: AuditEntryInput }>,
  now: () => Date,
): AuditRecord[] {
  let previous = head;
  return entries.map(({ id, input }) => {
    const unsealed = toPlainJson({
      ...pickKnownFields(input),
      _id: id,
      seq: previous.seq + 1,
      prevHash: previous.hash,
      at: new Date(input.at ?? now()).toISOString(),
    }) as UnsealedAuditRecord;
    const record: AuditRecord = { ...unsealed, hash: auditHash(unsealed) };
    previous = record;
    return record;
  });
}

const STORED_FIELDS = [
  'action',
  'actor',
  'result',
  'status',
  'code',
  'target',
  'requestId',
  'unitId',
  'sealId',
  'from',
  'to',
  'reason',
  'details',
] as const;

/** Only fields the collection stores: anything else would be hashed but dropped on write, breaking the chain. */
function pickKnownFields(input: AuditEntryInput): Partial<AuditEntryInput> {
  const out: Record<string, unknown> = {};
  for (const field of STORED_FIELDS) if (input[field] !== undefined) out[field] = input[field];
  const actor = input.actor;
  out.actor = { id: actor.id, role: actor.role, ...(actor.ip === undefined ? {} : { ip: actor.ip }) };
  return out as Partial<AuditEntryInput>;
}
