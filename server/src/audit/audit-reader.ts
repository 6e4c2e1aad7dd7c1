import type { Model } from 'mongoose';
import type { AuditAnchorLedger } from './audit-anchor';
import type { AuditAnchorDoc } from './audit.model';
import type { AuditRecord } from './audit-entry';
import { verifyAuditChain, type ChainReport } from './verify-chain';

/** Which entries to read: from a sequence number on, optionally of one unit or seal. */
export interface AuditEntryQuery {
  fromSeq: number;
  unitId?: string;
  sealId?: string;
  limit: number;
}

/** Reads of the audit log for its routes: entries in chain order, and the chain checked against its anchors. */
export interface AuditReader {
  /** Entries with `seq >= fromSeq`, in chain order (the chain's own order: a range on `seq`). */
  entries(query: AuditEntryQuery): Promise<AuditRecord[]>;
  /** The whole chain and its anchors checked; the first break named. */
  verify(): Promise<ChainReport>;
}

/**
 * With a ledger, verify checks against the anchors on the ledger rather than the local collection.
 */
export function auditReader(
  records: Model<AuditRecord>,
  anchors: Model<AuditAnchorDoc>,
  ledger?: Pick<AuditAnchorLedger, 'getAuditAnchors'>,
): AuditReader {
  return {
    entries: ({ fromSeq, unitId, sealId, limit }) =>
      records
        .find({
          seq: { $gte: fromSeq },
          // $eq: a value is never read as an operator.
          ...(unitId ? { unitId: { $eq: unitId } } : {}),
          ...(sealId ? { sealId: { $eq: sealId } } : {}),
        })
        .sort({ seq: 1 })
        .limit(limit)
        .lean<AuditRecord[]>()
        .exec(),
    verify: () => verifyAuditChain(records, anchors, { ledger }),
  };
}
