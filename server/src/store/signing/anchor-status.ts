import type { AnchorResultDoc, AnchorResultState, AnchoredSignatureDoc } from './anchor-outbox.model';
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

/**
 * The batch that anchored a signature, by its SM3: what the ledger needs to find the signature's
 * record (it keeps no key per signature). One `_id` read of `anchored_signatures`; a signature not
 * there (anchored before that collection, or not anchored yet) is looked up through its record, by its
 * unique signatureSm3 (a scan on FerretDB), and its result. Undefined when no record of ours has it or
 * it is not anchored yet.
 */
export async function batchOfSignature(
  store: Pick<SigningStore, 'records' | 'anchorResults' | 'anchoredSignatures'>,
  signatureSm3: string,
): Promise<string | undefined> {
  const indexed = (await store.anchoredSignatures.collection.findOne({ _id: signatureSm3 as never })) as AnchoredSignatureDoc | null;
  if (indexed) return indexed.batchId;
  const record = (await store.records.collection.findOne({ signatureSm3 }, { projection: { _id: 1 } })) as { _id: string } | null;
  if (!record) return undefined;
  const result = (await store.anchorResults.collection.findOne({ _id: record._id as never })) as AnchorResultDoc | null;
  return result?.state === 'ANCHORED' ? result.batchId : undefined;
}
