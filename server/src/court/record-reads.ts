import type { Model } from 'mongoose';
import { auditActor, type Caller } from '../access';
import { newId } from '../store';
import type { SigningRecordDoc } from '../store/signing';
import type { EvidenceReadDoc } from './evidence-read.model';

export interface CourtReadRecorder {
  readonly reads: Pick<Model<EvidenceReadDoc>, 'insertMany'>;
  readonly clock: () => Date;
}

/**
 * Records a court's read: one row per unit whose evidence the answer carries, written before the answer
 * leaves (a read that cannot be recorded is not answered). `extraUnit` is a unit the answer concerns
 * without carrying its signing records (a seal's, a certificate's).
 */
export async function recordCourtReads(
  deps: CourtReadRecorder,
  caller: Caller,
  read: Pick<EvidenceReadDoc, 'what' | 'documentSm3' | 'evidenceNumber' | 'sealId' | 'certificateNumber'>,
  records: ReadonlyArray<Pick<SigningRecordDoc, '_id' | 'unitId'>>,
  extraUnit?: string,
): Promise<void> {
  const byUnit = new Map<string, string[]>();
  for (const r of records) byUnit.set(r.unitId, [...(byUnit.get(r.unitId) ?? []), r._id]);
  if (extraUnit !== undefined && !byUnit.has(extraUnit)) byUnit.set(extraUnit, []);
  const at = deps.clock();
  const rows: EvidenceReadDoc[] = [...byUnit].map(([unitId, recordIds]) => ({
    _id: newId('read'),
    unitId,
    reader: auditActor(caller),
    ...read,
    recordIds,
    at,
  }));
  if (rows.length > 0) await deps.reads.insertMany(rows);
}
