import { SealError } from '@eseal/core';
import { assertAllowed, type Caller } from '../../access';
import { decodeCursor, pageOf, type ListPage } from '../../store';
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

export type RecordPage = ListPage<SigningRecordDoc>;

/**
 * 签章记录 by unit, seal and period, newest first, with keyset pagination on (signedAt, _id): stable
 * under concurrent inserts and without skip() scans.
 */
export async function listSigningRecords(deps: SigningDeps, caller: Caller, query: RecordQuery): Promise<RecordPage> {
  let scopeUnit = query.unitId ?? defaultUnit(caller);
  if (query.sealId !== undefined) {
    const seal = await deps.store.seals.fieldsOf(query.sealId, ['unitId']);
    if (!seal) throw new SealError('NOT_FOUND', 'no such seal', { details: { sealId: query.sealId } });
    if (query.unitId !== undefined && seal.unitId !== query.unitId) return { items: [] };
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
  const after = afterRecord(query.cursor);
  if (after) filter.$or = [{ signedAt: { ...signedAt, $lt: after.signedAt } }, { signedAt: after.signedAt, _id: { $lt: after.id } }];

  const rows = await deps.signing.records
    .find(filter)
    .sort({ signedAt: -1, _id: -1 })
    .limit(query.limit + 1)
    .lean<SigningRecordDoc[]>();
  return pageOf(rows, query.limit, (last) => [new Date(last.signedAt).toISOString(), last._id]);
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

/** Newest first: the position is (signedAt, _id) of the page's last record. */
function afterRecord(cursor: string | undefined): { signedAt: Date; id: string } | undefined {
  const position = decodeCursor(cursor, 2);
  if (position === undefined) return undefined;
  const signedAt = new Date(position[0]!);
  if (Number.isNaN(signedAt.getTime())) {
    throw new SealError('INVALID_CURSOR', 'cursor is not one this service gave out; start again without it', {
      details: { field: 'cursor' },
    });
  }
  return { signedAt, id: position[1]! };
}
