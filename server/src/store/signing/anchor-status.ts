import type { AnchorResultDoc, AnchorResultState } from './anchor-outbox.model';
import type { SigningStore } from './signing-store';

/** A signing record's anchoring as callers see it: PENDING until its result is stored. */
export type AnchorStatus = Omit<AnchorResultDoc, '_id' | 'storedAt' | 'state'> & { state: 'PENDING' | AnchorResultState };

/** Each record's anchoring, one `_id` lookup per record (FerretDB scans for anything else). */
export async function readAnchorStatus(
  store: Pick<SigningStore, 'anchorResults'>,
  recordIds: readonly string[],
): Promise<Map<string, AnchorStatus>> {
  const results = await Promise.all(
    recordIds.map((id) => store.anchorResults.collection.findOne({ _id: id as never }) as Promise<AnchorResultDoc | null>),
  );
  return new Map(
    recordIds.map((id, i): [string, AnchorStatus] => {
      const result = results[i];
      if (!result) return [id, { state: 'PENDING' }];
      const { _id: _recordId, storedAt: _storedAt, ...status } = result;
      return [id, status];
    }),
  );
}
