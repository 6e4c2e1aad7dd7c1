import { merkleLeafHash, verifyInclusion } from '../merkle';
import { anchorLeafData, type ProofBundle } from './proof-bundle';

export type BundleProblem =
  'not-this-signature' | 'not-this-document' | 'not-this-seal' | 'proof-does-not-reach-root' | 'root-not-on-ledger';

export interface BundleCheck {
  ok: boolean;
  problems: BundleProblem[];
  /** Whether the root was compared with the ledger's batch record (false: only the proof was checked). */
  rootCheckedOnLedger: boolean;
}

/**
 * Checks a proof bundle against one signature of a file: same signature hash, document and seal,
 * the Merkle path from the rebuilt leaf reaches the root, and (when the ledger's root for the batch is
 * given) that root is the one on the ledger. Pure: the caller looks the root up.
 */
export function checkProofBundle(
  bundle: ProofBundle,
  signature: { signatureSm3: string; revisionSm3?: string; esID: string },
  ledgerRoot?: string,
): BundleCheck {
  const problems: BundleProblem[] = [];
  if (bundle.entry.signatureSm3 !== signature.signatureSm3) problems.push('not-this-signature');
  if (signature.revisionSm3 !== undefined && bundle.entry.documentSm3 !== signature.revisionSm3) problems.push('not-this-document');
  if (bundle.entry.sealId !== signature.esID) problems.push('not-this-seal');
  const leaf = merkleLeafHash(anchorLeafData(bundle.entry));
  const proof = { leafIndex: bundle.merkle.leafIndex, treeSize: bundle.merkle.treeSize, path: bundle.merkle.path };
  if (!verifyInclusion(leaf, proof, new Uint8Array(Buffer.from(bundle.merkle.root, 'hex')))) problems.push('proof-does-not-reach-root');
  if (ledgerRoot !== undefined && ledgerRoot !== bundle.merkle.root) problems.push('root-not-on-ledger');
  return { ok: problems.length === 0, problems, rootCheckedOnLedger: ledgerRoot !== undefined };
}
