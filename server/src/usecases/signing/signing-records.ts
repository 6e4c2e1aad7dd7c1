import { SealError } from '@eseal/core';
import { assertAllowed, type Caller } from '../../access';
import { mapPage, type ListPage } from '../../store';
import { signingRecordViews, type SigningRecordView } from './record-view';
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

export type RecordPage = ListPage<SigningRecordView>;

/** 签章记录 by unit, seal and period, newest first (keyset pagination, see SigningRecordRepository.newestFirst). */
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

  const page = await deps.signing.signingRecordRepository.newestFirst(
    { ...(scopeUnit !== undefined ? { unitId: scopeUnit } : {}), sealId: query.sealId, from: query.from, to: query.to },
    query,
  );
  return mapPage(page, (records) => signingRecordViews(deps, records));
}

/** One record with its anchoring state, for whoever may read its unit's signatures. */
export async function getSigningRecord(deps: SigningDeps, caller: Caller, recordId: string): Promise<SigningRecordView> {
  const record = await deps.signing.signingRecordRepository.byId(recordId);
  if (!record) throw new SealError('NOT_FOUND', 'no such signing record', { details: { recordId } });
  assertAllowed(caller, 'signature.read', { unitId: record.unitId });
  return (await signingRecordViews(deps, [record]))[0]!;
}

/** Unit-scoped callers read their own unit unless they name one. */
function defaultUnit(caller: Caller): string | undefined {
  if (caller.kind === 'api-client') return caller.unitIds?.length === 1 ? caller.unitIds[0] : undefined;
  return caller.unitId;
}
