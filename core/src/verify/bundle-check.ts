import { checkProofBundle } from '../evidence/check-bundle';
import type { ProofBundle } from '../evidence/proof-bundle';
import type { VerificationLedger } from './ledger-port';
import type { PdfCheckResult } from './report';

/**
 * A proof bundle handed in with the file (offline evidence). Skipped when none names this signature;
 * a bundle that does but fails its Merkle proof, or whose root is not the ledger's, fails the check.
 */
export async function checkBundles(
  bundles: readonly ProofBundle[] | undefined,
  ledger: VerificationLedger | undefined,
  facts: { signatureSm3: string; revisionSm3?: string; esID: string },
): Promise<PdfCheckResult> {
  const id = 'evidence.bundle';
  const bundle = bundles?.find((b) => b.entry.signatureSm3 === facts.signatureSm3);
  if (bundle === undefined)
    return { id, status: 'skipped', message: bundles?.length ? 'no proof bundle for this signature' : 'no proof bundle given' };
  const ledgerRoot = ledger?.findBatchRoot ? await ledger.findBatchRoot(bundle.merkle.batchId) : undefined;
  const result = checkProofBundle(bundle, facts, ledgerRoot);
  const details = {
    batchId: bundle.merkle.batchId,
    leafIndex: bundle.merkle.leafIndex,
    root: bundle.merkle.root,
    rootCheckedOnLedger: result.rootCheckedOnLedger,
    problems: result.problems,
  };
  if (result.ok) {
    return {
      id,
      status: 'pass',
      message: result.rootCheckedOnLedger
        ? 'the proof bundle reaches the batch root the ledger stores'
        : 'the proof bundle reaches its batch root (root not compared with a ledger)',
      details,
    };
  }
  return {
    id,
    status: 'fail',
    code: 'DATA_HASH_MISMATCH',
    message: `the proof bundle does not hold for this signature: ${result.problems.join(', ')}`,
    details,
  };
}
