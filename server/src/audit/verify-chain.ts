import type { Model } from 'mongoose';
import { GENESIS_HASH, auditHash, type AuditRecord } from './audit-entry';
import type { AuditAnchorLedger, AuditCheckpoint } from './audit-anchor';
import type { AuditAnchorDoc } from './audit.model';

export type ChainBreakReason =
  /** A sequence number is missing or repeated: an entry was deleted or inserted. */
  | 'SEQ_GAP'
  /** An entry does not point at the hash of the entry before it. */
  | 'PREV_HASH_MISMATCH'
  /** An entry's content no longer hashes to its stored hash: it was edited. */
  | 'HASH_MISMATCH'
  /** The chain disagrees with a hash published in an anchor: rewritten after anchoring. */
  | 'ANCHOR_MISMATCH'
  /** An anchor covers entries that are no longer there: the end of the log was cut off. */
  | 'TRUNCATED';

export interface ChainBreak {
  seq: number;
  reason: ChainBreakReason;
  entryId?: string;
  message: string;
}

export interface ChainReport {
  valid: boolean;
  entries: number;
  head: { seq: number; hash: string };
  anchorsChecked: number;
  /** The last anchored position, so a reader knows how much of the chain the ledger vouches for. */
  anchoredThrough: number;
  /** Where the anchors came from: the ledger when one was given, else the anchor collection (as editable as the log). */
  anchorSource: 'ledger' | 'records';
  firstBreak?: ChainBreak;
}

export interface VerifyChainOptions {
  /** Check against the anchors on the ledger instead of the local anchor collection. */
  ledger?: Pick<AuditAnchorLedger, 'getAuditAnchors'>;
}

/** Ledger reads per page; the chaincode's maximum. */
const LEDGER_PAGE = 500;

/**
 * Walks the whole log in sequence order and stops at the first break: sequence numbers run 1,2,3...,
 * each prevHash is the previous hash, each hash recomputes from the canonical form, and every anchor's
 * head hash equals the entry at its position. The anchors matter because a rewrite of the whole chain
 * from some point is self-consistent; only a hash published elsewhere (the ledger) exposes it.
 */
export async function verifyAuditChain(
  records: Model<AuditRecord>,
  anchors: Model<AuditAnchorDoc>,
  options: VerifyChainOptions = {},
): Promise<ChainReport> {
  const anchorSource = options.ledger ? 'ledger' : 'records';
  const anchorList: AuditCheckpoint[] = options.ledger
    ? await ledgerAnchors(options.ledger)
    : await anchors.find({}).sort({ toSeq: 1 }).lean<AuditAnchorDoc[]>();
  const anchorAt = new Map(anchorList.map((a) => [a.toSeq, a]));
  const anchoredThrough = anchorList.length === 0 ? 0 : anchorList[anchorList.length - 1].toSeq;
  let previous = { seq: 0, hash: GENESIS_HASH };
  let count = 0;
  let anchorsChecked = 0;
  const report = (firstBreak?: ChainBreak): ChainReport => ({
    valid: firstBreak === undefined,
    entries: count,
    head: previous,
    anchorsChecked,
    anchoredThrough,
    anchorSource,
    ...(firstBreak ? { firstBreak } : {}),
  });

  const cursor = records.find({}).sort({ seq: 1 }).lean<AuditRecord[]>().cursor();
  try {
    for await (const doc of cursor) {
      const record = doc as unknown as AuditRecord;
      const expectedSeq = previous.seq + 1;
      if (record.seq !== expectedSeq) {
        return report({
          seq: expectedSeq,
          reason: 'SEQ_GAP',
          entryId: record._id,
          message: `expected entry ${expectedSeq}, found ${record.seq}`,
        });
      }
      if (record.prevHash !== previous.hash) {
        return report({
          seq: record.seq,
          reason: 'PREV_HASH_MISMATCH',
          entryId: record._id,
          message: `entry ${record.seq} does not follow entry ${previous.seq}`,
        });
      }
      const { hash, ...unsealed } = record;
      if (auditHash(unsealed) !== hash) {
        return report({
          seq: record.seq,
          reason: 'HASH_MISMATCH',
          entryId: record._id,
          message: `entry ${record.seq} was changed after it was written`,
        });
      }
      const anchor = anchorAt.get(record.seq);
      if (anchor) {
        anchorsChecked++;
        if (anchor.headHash !== hash) {
          return report({
            seq: record.seq,
            reason: 'ANCHOR_MISMATCH',
            entryId: record._id,
            message: `entry ${record.seq} differs from the hash anchored ${anchor.at}`,
          });
        }
      }
      previous = { seq: record.seq, hash };
      count++;
    }
  } finally {
    await cursor.close();
  }
  if (anchoredThrough > previous.seq) {
    return report({
      seq: previous.seq + 1,
      reason: 'TRUNCATED',
      message: `entries ${previous.seq + 1}-${anchoredThrough} were anchored but are missing`,
    });
  }
  return report();
}

/**
 * Every anchor on the ledger, ascending. The ledger is what an attacker who can edit the database cannot
 * rewrite, so with a ledger the local anchor collection is not consulted at all.
 */
async function ledgerAnchors(ledger: Pick<AuditAnchorLedger, 'getAuditAnchors'>): Promise<AuditCheckpoint[]> {
  const out: AuditCheckpoint[] = [];
  for (let fromSeq: number | undefined = 1; fromSeq !== undefined;) {
    const page = await ledger.getAuditAnchors({ fromSeq, limit: LEDGER_PAGE });
    out.push(...page.anchors);
    fromSeq = page.next;
  }
  return out;
}
