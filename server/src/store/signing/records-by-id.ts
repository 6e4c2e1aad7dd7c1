import type { Model } from 'mongoose';
import { findByIdRaw } from '../ferretdb';
import type { AnchoredSignature } from '../../events';
import type { SigningRecordDoc } from './signing-record.model';

export type ReadSigningRecords = (recordIds: readonly string[]) => Promise<SigningRecordDoc[]>;

/**
 * Reads many signing records by `_id` (FerretDB scans for `$in`), one at a time by default: FerretDB
 * v1 gets slower with reads side by side (1,000 reads of a batch: about 2x slower four at a time and
 * 3x slower all at once than one by one, measured under load). The same id list (the one array an
 * event hands to every listener) is read once.
 */
export function signingRecordsReader(records: Pick<Model<never>, 'collection'>, concurrency = 1): ReadSigningRecords {
  const memo = new WeakMap<readonly string[], Promise<SigningRecordDoc[]>>();
  const readAll = async (ids: readonly string[]) => {
    const found: Array<SigningRecordDoc | null> = [];
    for (let i = 0; i < ids.length; i += concurrency) {
      found.push(...(await Promise.all(ids.slice(i, i + concurrency).map((id) => findByIdRaw<SigningRecordDoc>(records, id)))));
    }
    return found.filter((r): r is SigningRecordDoc => r !== null);
  };
  return (ids) => {
    let read = memo.get(ids);
    if (!read) {
      read = readAll(ids);
      memo.set(ids, read);
    }
    return read;
  };
}

/** Every anchored signature of the event: from the facts it carries, reading only the records it lacks. */
export async function signaturesOf(
  event: { recordIds: readonly string[]; signatures?: readonly AnchoredSignature[] },
  readRecords: ReadSigningRecords,
): Promise<AnchoredSignature[]> {
  const carried = new Map((event.signatures ?? []).map((s) => [s._id, s]));
  const missing = event.recordIds.filter((id) => !carried.has(id));
  const read = missing.length === 0 ? [] : await readRecords(missing.length === event.recordIds.length ? event.recordIds : missing);
  for (const r of read) carried.set(r._id, r);
  return event.recordIds.flatMap((id) => carried.get(id) ?? []);
}
