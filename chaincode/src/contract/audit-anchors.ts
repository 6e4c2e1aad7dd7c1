import type { Context } from 'fabric-contract-api';
import { fromBytes } from './canonical-json';
import { ChaincodeError } from './errors';
import { SIGNING_CLOCK_SKEW_MS } from './evidence';
import { emit, mustReadJson, readJson, writeJson } from './state';
import { txTimeMs } from './tx-time';
import { field, onlyFields, parseObject } from './validate';

/**
 * Checkpoints of the service's hash-chained audit log, anchored on the ledger periodically and on demand.
 * Each checkpoint says "entries fromSeq..toSeq exist and the entry at toSeq hashes to headHash"; since
 * every entry's hash covers the one before, that commits to the whole log up to toSeq. Checkpoints form
 * one gap-free sequence: fromSeq is always the previous toSeq + 1. The audit log numbers its entries
 * from 1, so the first checkpoint must start at 1 (0 is refused, so there is exactly one valid start).
 */
export interface AuditCheckpointInput {
  fromSeq: number;
  toSeq: number;
  /** SM3 of the audit entry at toSeq, 64 lowercase hex digits. */
  headHash: string;
  /** When the service took the checkpoint (canonical ISO-8601 UTC). */
  at: string;
}

export interface AuditAnchorRecord extends AuditCheckpointInput {
  docType: 'auditAnchor';
  /** Transaction time of the anchoring transaction. */
  anchoredAt: string;
  anchoredBy: string;
  txId: string;
}

export interface AuditAnchorResult {
  anchor: AuditAnchorRecord;
  /** False when the identical checkpoint was already anchored and this call changed nothing. */
  created: boolean;
}

export interface AuditAnchorEventPayload extends AuditCheckpointInput {
  anchoredAt: string;
}

/** `{ fromSeq, toSeq?, limit? }`: anchors whose toSeq lies in the range, ascending; or `{ latest }`: the last N. */
export type AuditAnchorQuery = { fromSeq: number; toSeq?: number; limit?: number } | { latest: number };

export interface AuditAnchorPage {
  anchors: AuditAnchorRecord[];
  /** Pass as fromSeq to read on; absent when the range is exhausted. */
  next?: number;
}

export const MAX_AUDIT_ANCHOR_PAGE = 500;
/** Fixed width so the key order of simple keys is the numeric order of toSeq (MAX_SAFE_INTEGER has 16 digits). */
const SEQ_DIGITS = 16;
const MAX_SEQ = Number.MAX_SAFE_INTEGER;
/**
 * Simple keys, not composite ones: range reads by sequence use getStateByRange, which Fabric refuses for
 * composite keys, and getStateByPartialCompositeKey could only scan from the first anchor. The prefixes
 * cannot collide with composite keys (those start with U+0000).
 */
const ANCHOR_PREFIX = 'auditAnchor:';
const HEAD_KEY = 'auditAnchorHead';
const anchorKey = (toSeq: number) => `${ANCHOR_PREFIX}${String(toSeq).padStart(SEQ_DIGITS, '0')}`;

interface AnchorHead {
  docType: 'auditAnchorHead';
  toSeq: number;
}

function seq(o: Record<string, unknown>, name: string, min = 1, max = MAX_SEQ): number {
  const value = o[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ChaincodeError('VALIDATION_FAILED', `${name}: expected an integer ${min}-${max}`, { field: name });
  }
  return value;
}

export function parseAuditCheckpoint(raw: string): AuditCheckpointInput {
  const o = parseObject(raw, 'checkpoint');
  onlyFields(o, ['fromSeq', 'toSeq', 'headHash', 'at'], 'checkpoint');
  const fromSeq = seq(o, 'fromSeq');
  const toSeq = seq(o, 'toSeq', fromSeq);
  return { fromSeq, toSeq, headHash: field.sm3(o, 'headHash'), at: field.time(o, 'at') };
}

export function parseAuditAnchorQuery(raw: string): AuditAnchorQuery {
  const o = parseObject(raw, 'query');
  if (o.latest !== undefined) {
    onlyFields(o, ['latest'], 'query');
    return { latest: seq(o, 'latest', 1, MAX_AUDIT_ANCHOR_PAGE) };
  }
  onlyFields(o, ['fromSeq', 'toSeq', 'limit'], 'query');
  const fromSeq = seq(o, 'fromSeq');
  return {
    fromSeq,
    ...(o.toSeq === undefined ? {} : { toSeq: seq(o, 'toSeq', fromSeq) }),
    ...(o.limit === undefined ? {} : { limit: seq(o, 'limit', 1, MAX_AUDIT_ANCHOR_PAGE) }),
  };
}

export function requireAuditSeq(raw: string): number {
  if (!/^[0-9]{1,16}$/.test(raw)) throw new ChaincodeError('VALIDATION_FAILED', 'toSeq: expected a positive integer', { field: 'toSeq' });
  return seq({ toSeq: Number(raw) }, 'toSeq');
}

/**
 * Anchors one checkpoint. Re-submitting the identical checkpoint is a no-op (a retry after a lost answer);
 * anything else at an anchored position, an overlap or a gap is LEDGER_CONFLICT, because a second,
 * different claim about the same entries is exactly what anchoring exists to expose.
 */
export async function anchorAudit(ctx: Context, input: AuditCheckpointInput, callerMsp: string): Promise<AuditAnchorResult> {
  const existing = await readJson<AuditAnchorRecord>(ctx, anchorKey(input.toSeq));
  if (existing !== undefined) {
    if (existing.fromSeq === input.fromSeq && existing.headHash === input.headHash && existing.at === input.at) {
      return { anchor: existing, created: false };
    }
    throw new ChaincodeError('LEDGER_CONFLICT', `audit entries up to ${input.toSeq} are already anchored with other content`, {
      toSeq: input.toSeq,
      anchoredFromSeq: existing.fromSeq,
      anchoredHeadHash: existing.headHash,
    });
  }
  const head = await readJson<AnchorHead>(ctx, HEAD_KEY);
  const expectedFromSeq = (head?.toSeq ?? 0) + 1;
  if (input.fromSeq !== expectedFromSeq) {
    throw new ChaincodeError('LEDGER_CONFLICT', `the next audit checkpoint must start at entry ${expectedFromSeq}`, {
      fromSeq: input.fromSeq,
      expectedFromSeq,
    });
  }
  const now = txTimeMs(ctx);
  // A checkpoint dated in the future would let a later rewrite pretend to predate it.
  if (Date.parse(input.at) > now + SIGNING_CLOCK_SKEW_MS) {
    throw new ChaincodeError('VALIDATION_FAILED', 'at: the checkpoint is dated after the transaction time', { field: 'at' });
  }
  const anchoredAt = new Date(now).toISOString();
  const anchor: AuditAnchorRecord = { docType: 'auditAnchor', ...input, anchoredAt, anchoredBy: callerMsp, txId: ctx.stub.getTxID() };
  await writeJson(ctx, anchorKey(input.toSeq), anchor);
  await writeJson(ctx, HEAD_KEY, { docType: 'auditAnchorHead', toSeq: input.toSeq } satisfies AnchorHead);
  const event: AuditAnchorEventPayload = { fromSeq: input.fromSeq, toSeq: input.toSeq, headHash: input.headHash, at: input.at, anchoredAt };
  emit(ctx, 'AuditAnchored', event);
  return { anchor, created: true };
}

export function getAuditAnchor(ctx: Context, toSeq: number): Promise<AuditAnchorRecord> {
  return mustReadJson<AuditAnchorRecord>(ctx, anchorKey(toSeq), 'auditAnchor', String(toSeq));
}

export async function getAuditAnchors(ctx: Context, query: AuditAnchorQuery): Promise<AuditAnchorPage> {
  return 'latest' in query ? latestAnchors(ctx, query.latest) : anchorRange(ctx, query.fromSeq, query.toSeq ?? MAX_SEQ, query.limit ?? 100);
}

/**
 * The last N anchors, ascending. Fabric scans only forwards, but checkpoints are contiguous: the one
 * before an anchor ends at its fromSeq - 1, so walking back is one point read per anchor.
 */
async function latestAnchors(ctx: Context, count: number): Promise<AuditAnchorPage> {
  const head = await readJson<AnchorHead>(ctx, HEAD_KEY);
  const out: AuditAnchorRecord[] = [];
  for (let toSeq = head?.toSeq ?? 0; toSeq > 0 && out.length < count;) {
    const anchor = await getAuditAnchor(ctx, toSeq);
    out.push(anchor);
    toSeq = anchor.fromSeq - 1;
  }
  return { anchors: out.reverse() };
}

/** Not the paginated scan API: Fabric refuses that in a submitted transaction; a plain range read works in both. */
async function anchorRange(ctx: Context, fromSeq: number, toSeq: number, limit: number): Promise<AuditAnchorPage> {
  const iterator = await ctx.stub.getStateByRange(anchorKey(fromSeq), toSeq >= MAX_SEQ ? `${ANCHOR_PREFIX};` : anchorKey(toSeq + 1));
  const anchors: AuditAnchorRecord[] = [];
  let more = false;
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      if (anchors.length === limit) {
        more = true;
        break;
      }
      anchors.push(fromBytes<AuditAnchorRecord>(next.value.value));
    }
  } finally {
    await iterator.close();
  }
  return more ? { anchors, next: anchors[anchors.length - 1]!.toSeq + 1 } : { anchors };
}
