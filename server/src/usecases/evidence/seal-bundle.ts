import { SealError, type ProofBundleV2 } from '@eseal/core';
import { assertAllowed, type Caller } from '../../access';
import type { Store } from '../../store';
import { readAnchorStatus } from '../../store/signing';
import { esIdOf } from '../seals/seal-identity';
import { buildProofBundle } from './build-proof-bundle';
import type { EvidenceDeps } from './document-bundle';

/** As many signatures as a bundle reader accepts; older ones are in earlier bundles of the same seal. */
const MAX_SIGNATURES_PER_SEAL_BUNDLE = 1000;

/**
 * The bundle of one seal's life: its attested ledger history and its most recent anchored signatures
 * (newest first, up to 1,000). Readable by the seal's unit (evidence.read).
 */
export async function getSealProofBundle(
  deps: EvidenceDeps & { seals: Store['seals'] },
  caller: Caller,
  sealId: string,
): Promise<ProofBundleV2> {
  const seal = await deps.seals.byId(sealId);
  if (seal === null) throw new SealError('NOT_FOUND', 'no such seal', { details: { sealId } });
  assertAllowed(caller, 'evidence.read', { unitId: seal.unitId });
  if (!seal.certificate) throw new SealError('NOT_FOUND', 'the seal was never issued: it has no ledger history', { details: { sealId } });
  if (deps.attestor === undefined) throw new SealError('LEDGER_UNAVAILABLE', 'the configured ledger does not attest proof bundles');
  // The latest signings of the seal, then those of them that are anchored (anchoring state lives in
  // its own _id-keyed collection, not on the insert-only record).
  const records = await deps.signing.signingRecordRepository.latestOfSeal(sealId, MAX_SIGNATURES_PER_SEAL_BUNDLE);
  const anchors = await readAnchorStatus(
    deps.signing,
    records.map((r) => r._id),
  );
  const anchored = records.flatMap((r) => (anchors.get(r._id)?.state === 'ANCHORED' ? [{ ...r, anchor: anchors.get(r._id)! }] : []));
  return buildProofBundle(deps.attestor, { kind: 'seal', sealId: esIdOf(seal) }, anchored.reverse(), deps.relaysOfBatch);
}
