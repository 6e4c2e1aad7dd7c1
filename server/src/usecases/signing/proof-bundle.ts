import { SealError, type ProofBundle } from '@eseal/core';
import { assertAllowed, type Caller } from '../../access';
import { readAnchorStatus } from '../../store/signing';
import type { SigningDeps } from './signing-deps';

/** The proof bundle of an anchored signing record: the entry as anchored, its Merkle path and root. */
export async function getProofBundle(deps: Pick<SigningDeps, 'signing'>, caller: Caller, recordId: string): Promise<ProofBundle> {
  const record = await deps.signing.signingRecordRepository.byId(recordId);
  if (!record) throw new SealError('NOT_FOUND', 'no such signing record', { details: { recordId } });
  assertAllowed(caller, 'evidence.read', { unitId: record.unitId });
  const a = (await readAnchorStatus(deps.signing, [recordId])).get(recordId)!;
  if (
    a.state !== 'ANCHORED' ||
    a.batchId === undefined ||
    a.leafIndex === undefined ||
    a.treeSize === undefined ||
    !a.proof ||
    !a.root ||
    !a.txId ||
    !a.anchoredAt
  ) {
    throw new SealError('NOT_FOUND', 'the record is not anchored yet: no proof exists', { details: { recordId, anchorState: a.state } });
  }
  return {
    format: 'eseal.proof-bundle',
    version: 1,
    entry: {
      recordId: record._id,
      sealId: record.sealCode,
      signedAt: new Date(record.signedAt).toISOString(),
      signatureSm3: record.signatureSm3,
      documentSm3: record.documentSm3After,
    },
    merkle: { batchId: a.batchId, leafIndex: a.leafIndex, treeSize: a.treeSize, path: [...a.proof], root: a.root },
    ledger: { txId: a.txId, anchoredAt: new Date(a.anchoredAt).toISOString() },
  };
}
