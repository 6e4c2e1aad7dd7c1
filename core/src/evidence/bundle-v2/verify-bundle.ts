import { isSealError } from '../../errors';
import type { LedgerNode } from './node-trust';
import { type BundleCheckLine, fail, lineFromError, pass } from './bundle-check';
import type { BundleTrust } from './bundle-trust';
import type { ProofBundleV2 } from './bundle-types';
import { type AttestedSeal, attestedSeal } from './attested-seal-history';
import { checkBundleSignature } from './check-signature';
import { attestationChecker } from './check-attestation';
import { readNodeCertificate } from './node-trust';
import { parseProofBundleV2 } from './parse-bundle';

export type BundleVerdict = 'VALID' | 'INVALID' | 'INDETERMINATE';

export interface BundleVerification {
  verdict: BundleVerdict;
  /** Undefined when the bundle could not be read at all. */
  bundle?: ProofBundleV2;
  checks: BundleCheckLine[];
}

/**
 * Checks a v2 proof bundle offline against trust anchors only, as a list of steps: read it strictly,
 * the ledger node's certificate, each seal's attested history, then each signature (subject, Merkle
 * proof, attested root, seal active at signing time, court-chain receipts, time-stamp token), then the
 * subject. Every failure has its own code.
 */
export function verifyProofBundleV2(value: unknown, trust: BundleTrust): BundleVerification {
  let bundle: ProofBundleV2;
  try {
    bundle = parseProofBundleV2(value);
  } catch (error) {
    return { verdict: 'INVALID', checks: [lineFromError('bundle.format', error)] };
  }
  const checks: BundleCheckLine[] = [
    pass(
      'bundle.format',
      `proof bundle v2 for ${bundle.subject.kind === 'document' ? `document ${bundle.subject.documentSm3}` : `seal ${bundle.subject.sealId}`} (${bundle.ledger.kind} ledger, channel ${bundle.ledger.channel})`,
    ),
  ];
  let node: LedgerNode | undefined;
  if (bundle.ledger.nodeCertificate !== undefined) {
    try {
      node = readNodeCertificate(bundle.ledger.nodeCertificate);
    } catch (error) {
      checks.push(lineFromError('ledger.node', error));
    }
  }
  const check = attestationChecker({ kind: bundle.ledger.kind, channel: bundle.ledger.channel, ...(node ? { node } : {}) }, trust);

  const seals = new Map<string, AttestedSeal | null>();
  for (const [i, seal] of bundle.seals.entries()) {
    const id = `seals[${i}]`;
    if (seals.has(seal.sealId)) {
      checks.push(fail(id, 'BUNDLE_RECORD_MISMATCH', `seal ${seal.sealId} appears twice`));
      continue;
    }
    try {
      const attested = attestedSeal(seal, check, id, { channel: bundle.ledger.channel, ...(trust.fabric ? { fabric: trust.fabric } : {}) });
      seals.set(seal.sealId, attested);
      checks.push(
        pass(id, `seal ${seal.sealId}: ${attested.view.timeline.length} ledger transactions attested, none missing`, attested.anchor),
      );
    } catch (error) {
      if (!isSealError(error)) throw error;
      seals.set(seal.sealId, null);
      checks.push(lineFromError(id, error));
    }
  }

  for (const [i, signature] of bundle.signatures.entries()) {
    checks.push(...checkBundleSignature(signature, i, { subject: bundle.subject, check, seal: seals.get(signature.entry.sealId), trust }));
  }
  checks.push(subjectLine(bundle, seals));
  return { verdict: verdictOf(checks), bundle, checks };
}

function subjectLine(bundle: ProofBundleV2, seals: Map<string, AttestedSeal | null>): BundleCheckLine {
  const { subject } = bundle;
  if (subject.kind === 'seal') {
    return seals.has(subject.sealId)
      ? pass('subject', `the bundle carries seal ${subject.sealId}'s history and ${bundle.signatures.length} of its signatures`)
      : fail('subject', 'BUNDLE_HISTORY_INCOMPLETE', `the bundle for seal ${subject.sealId} carries no history of it`);
  }
  // The document as described is the file right after its last signature.
  return bundle.signatures.some((s) => s.entry.documentSm3 === subject.documentSm3)
    ? pass('subject', `document ${subject.documentSm3} is the file produced by one of the ${bundle.signatures.length} signatures`)
    : fail('subject', 'BUNDLE_SUBJECT_MISMATCH', `no signature in the bundle produced document ${subject.documentSm3}`);
}

/** A court-chain receipt the trust file names no key for is reported, and does not make a verdict indeterminate. */
function verdictOf(checks: readonly BundleCheckLine[]): BundleVerdict {
  if (checks.some((c) => c.status === 'fail')) return 'INVALID';
  if (checks.some((c) => c.status === 'not-checked' && !/\.courtReceipts\[\d+\]$/.test(c.id))) return 'INDETERMINATE';
  return 'VALID';
}
