import type { Model } from 'mongoose';
import type { AuditEntryInput, AuditRecord } from '../audit/audit-entry';
import { auditLogFor } from '../audit/audit-log';

export type AuditInput = Omit<AuditEntryInput, 'result' | 'at'> & { at: string | Date };

/**
 * The one way an audit entry is written: appended to the hash-chained audit log. Keep every writer
 * on this function so that the chain sees every entry.
 */
export async function recordAudit(audit: Model<AuditRecord>, entry: AuditInput, entryId?: string): Promise<string> {
  // Hash-chained (server/src/audit): same collection, so store.audit reads these entries. A caller-chosen
  // id keeps the write idempotent: a step repeated after a crash audits once.
  return (await auditLogFor(audit.db).append({ ...entry, result: 'SUCCESS' }, entryId))._id;
}
