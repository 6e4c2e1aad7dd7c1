import type { Model } from 'mongoose';
import { findByIdRaw } from './by-id';
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
