import { SealError } from '@eseal/core';
import { assertAllowed, type Caller } from '../../access';
import type { SigningRecordDoc } from '../../store/signing';
import type { SigningDeps } from './signing-deps';

export interface RecordQuery {
  unitId?: string;
  sealId?: string;
  from?: Date;
  to?: Date;
  /** Opaque cursor from the previous page. */
  cursor?: string;
  limit: number;
}

export interface RecordPage {
  records: SigningRecordDoc[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

/**
 * 签章记录 by unit, seal and period, newest first, with keyset pagination on (signedAt, _id): stable
 * under concurrent inserts and without skip() scans.
 */
export async function listSigningRecords(deps: SigningDeps, caller: Caller, query: RecordQuery): Promise<RecordPage> {
  let scopeUnit = query.unitId ?? defaultUnit(caller);
  if (query.sealId !== undefined) {
    const seal = await deps.store.seals.fieldsOf(query.sealId, ['unitId']);
    if (!seal) throw new SealError('NOT_FOUND', 'no such seal', { details: { sealId: query.sealId } });
    if (query.unitId !== undefined && seal.unitId !== query.unitId) return { records: [] };
    scopeUnit = seal.unitId;
  }
  if (scopeUnit === undefined && caller.kind === 'api-client') {
    // A key for several units must say which one: an unscoped query would read across units.
    throw new SealError('VALIDATION_FAILED', 'give unitId or sealId', { details: { field: 'unitId' } });
  }
  assertAllowed(caller, 'signature.read', scopeUnit === undefined ? {} : { unitId: scopeUnit });

  const filter: Record<string, unknown> = {};
  if (scopeUnit !== undefined) filter.unitId = scopeUnit;
  if (query.sealId !== undefined) filter.sealId = query.sealId;
  const signedAt: Record<string, Date> = {};
  if (query.from) signedAt.$gte = query.from;
  if (query.to) signedAt.$lt = query.to;
  if (Object.keys(signedAt).length > 0) filter.signedAt = signedAt;
  const after = decodeCursor(query.cursor);
  if (after) filter.$or = [{ signedAt: { ...signedAt, $lt: after.signedAt } }, { signedAt: after.signedAt, _id: { $lt: after.id } }];

  const rows = await deps.signing.records
    .find(filter)
    .sort({ signedAt: -1, _id: -1 })
    .limit(query.limit + 1)
    .lean<SigningRecordDoc[]>();
  const records = rows.slice(0, query.limit);
  const last = records[records.length - 1];
  return rows.length > query.limit && last ? { records, nextCursor: encodeCursor(last) } : { records };
}

export async function getSigningRecord(deps: SigningDeps, caller: Caller, recordId: string): Promise<SigningRecordDoc> {
  const record = await deps.signing.records.findById(recordId).lean<SigningRecordDoc>();
  if (!record) throw new SealError('NOT_FOUND', 'no such signing record', { details: { recordId } });
  assertAllowed(caller, 'signature.read', { unitId: record.unitId });
  return record;
}

/** Unit-scoped callers read their own unit unless they name one. */
function defaultUnit(caller: Caller): string | undefined {
  if (caller.kind === 'api-client') return caller.unitIds?.length === 1 ? caller.unitIds[0] : undefined;
  return caller.unitId;
}

function encodeCursor(record: SigningRecordDoc): string {
  return Buffer.from(JSON.stringify([new Date(record.signedAt).toISOString(), record._id])).toString('base64url');
}

function decodeCursor(cursor: string | undefined): { signedAt: Date; id: string } | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const signedAt = new Date(at);
    if (typeof id !== 'string' || Number.isNaN(signedAt.getTime())) throw new Error('bad cursor');
    return { signedAt, id };
  } catch {
    throw new SealError('VALIDATION_FAILED', 'cursor is not one this API returned', { details: { field: 'cursor' } });
  }
}
