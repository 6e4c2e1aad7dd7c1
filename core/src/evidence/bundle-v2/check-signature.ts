import { SealError } from '../../errors';
import { merkleLeafHash, verifyInclusion } from '../../merkle';
import { sealStatusAt } from '../../verify/seal-standing';
import { anchorLeafData } from '../proof-bundle';
import { type BundleCheckLine, fail, lineFromError, notChecked, pass } from './bundle-check';
import type { BundleTrust } from './bundle-trust';
import type { BundleSignature, BundleSubject } from './bundle-types';
import { checkCourtReceipt } from './check-court-receipt';
import { checkBundleTimeStamp } from './check-time-stamp';
import type { AnchoredBatchFacts } from './court-receipt-bytes';
import type { AttestedSeal } from './attested-seal-history';
import type { AttestationChecker } from './check-attestation';

/**
 * One signature of the bundle, in order: it belongs to the subject, its leaf reaches the Merkle root, the
 * ledger attests that root for its batch, its seal was active when it was signed, then what it carries
 * besides: each court-chain receipt of its batch, and its time-stamp token.
 * `seal` is undefined when the seal's history is missing, null when its history failed its own checks.
 */
export function checkBundleSignature(
  signature: BundleSignature,
  index: number,
  context: { subject: BundleSubject; check: AttestationChecker; seal: AttestedSeal | null | undefined; trust: BundleTrust },
): BundleCheckLine[] {
  const at = `signatures[${index}]`;
  const { entry, merkle } = signature;
  const lines: BundleCheckLine[] = [];
  if (context.subject.kind === 'seal' && entry.sealId !== context.subject.sealId) {
    lines.push(
      fail(`${at}.subject`, 'BUNDLE_SUBJECT_MISMATCH', `signature by seal ${entry.sealId} in a bundle for seal ${context.subject.sealId}`),
    );
  }
  const leaf = merkleLeafHash(anchorLeafData(entry));
  lines.push(
    verifyInclusion(leaf, merkle, new Uint8Array(Buffer.from(merkle.root, 'hex')))
      ? pass(`${at}.merkle`, `the entry's leaf reaches root ${merkle.root} (leaf ${merkle.leafIndex} of ${merkle.treeSize})`)
      : fail(`${at}.merkle`, 'BUNDLE_PROOF_INVALID', 'the Merkle path from the entry does not reach the root'),
  );
  const anchor = anchorLine(signature, `${at}.anchor`, context);
  lines.push(anchor.line);
  lines.push(sealLine(entry.sealId, new Date(entry.signedAt), anchor.batch?.anchoredAt, `${at}.seal`, context.seal));
  for (const [j, receipt] of (signature.courtReceipts ?? []).entries()) {
    lines.push(checkCourtReceipt(receipt, `${at}.courtReceipts[${j}]`, anchor.batch?.facts, context.trust));
  }
  if (signature.timeStampToken !== undefined)
    lines.push(checkBundleTimeStamp({ ...signature, timeStampToken: signature.timeStampToken }, `${at}.timeStampToken`, context.trust));
  return lines;
}

function anchorLine(
  signature: BundleSignature,
  id: string,
  context: { check: AttestationChecker },
): { line: BundleCheckLine; batch?: { anchoredAt: Date; facts: AnchoredBatchFacts } } {
  try {
    const outcome = context.check(signature.anchor, id);
    const { statement } = outcome;
    const r = statement.record;
    const { merkle } = signature;
    if (r.docType !== 'batch' || r.batchId !== merkle.batchId || statement.block.fn !== 'AnchorBatch' || r.txId !== statement.block.txId) {
      throw new SealError('BUNDLE_RECORD_MISMATCH', `the attested transaction did not anchor batch ${merkle.batchId}`);
    }
    if (r.root !== merkle.root)
      throw new SealError(
        'BUNDLE_RECORD_MISMATCH',
        `the ledger holds root ${String(r.root)} for batch ${merkle.batchId}, the proof reaches ${merkle.root}`,
      );
    if (r.entryCount !== merkle.treeSize)
      throw new SealError(
        'BUNDLE_RECORD_MISMATCH',
        `the ledger's batch has ${String(r.entryCount)} entries, the proof claims ${merkle.treeSize}`,
      );
    return {
      line: pass(
        id,
        `batch ${merkle.batchId} root anchored in block ${statement.block.number} (tx ${statement.block.txId}) at ${statement.block.timestamp}`,
        outcome.anchor,
      ),
      batch: {
        anchoredAt: new Date(statement.block.timestamp),
        facts: {
          batchId: merkle.batchId,
          root: merkle.root,
          entryCount: merkle.treeSize,
          txId: statement.block.txId,
          anchoredAt: String(r.anchoredAt),
        },
      },
    };
  } catch (error) {
    return { line: lineFromError(id, error) };
  }
}

/** Revocations after which a signature dated earlier may have been made later with the leaked key. */
const KEY_COMPROMISE_REASONS = new Set(['KEY_LEAKED', 'SEAL_LOST_OR_STOLEN']);

function sealLine(
  sealId: string,
  signedAt: Date,
  anchoredAt: Date | undefined,
  id: string,
  seal: AttestedSeal | null | undefined,
): BundleCheckLine {
  if (seal === null) return notChecked(id, `seal ${sealId}: its history did not hold (see its seals[] line)`);
  if (seal === undefined) return fail(id, 'BUNDLE_HISTORY_INCOMPLETE', `the bundle carries no attested history of seal ${sealId}`);
  // The history must be known to a time after the anchoring: a revocation before the anchor could be left out otherwise.
  if (anchoredAt !== undefined && anchoredAt.getTime() > Date.parse(seal.knownUntil))
    return fail(
      id,
      'BUNDLE_HISTORY_INCOMPLETE',
      `seal ${sealId}'s history is attested up to ${seal.knownUntil}, before the signature was anchored at ${anchoredAt.toISOString()}`,
    );
  // A key leak or loss counts from the compromise time the ledger recorded with the revocation, not from the revocation.
  const status = sealStatusAt(seal.view, signedAt);
  const when = signedAt.toISOString();
  const revocation = seal.view.timeline.find((e) => e.status === 'REVOKED');
  const reason = seal.reasons.get(revocation?.txId ?? '') ?? 'unknown';
  // With a compromise time the revocation counts from it: say both.
  const compromise = revocation?.compromisedAt ? `, key reported compromised from ${revocation.compromisedAt.toISOString()}` : '';
  const revokedAt = revocation?.at.toISOString();
  if (status.state === 'active')
    return pass(id, `seal ${sealId} was active at ${when} (history attested up to ${seal.knownUntil})`, seal.anchor);
  if (status.state === 'revoked' && status.revokedAt !== undefined && status.revokedAt > signedAt) {
    // The signing time is the signer's own claim: after a key compromise only the anchor proves it came first.
    if (KEY_COMPROMISE_REASONS.has(reason) && (anchoredAt === undefined || anchoredAt > status.revokedAt)) {
      return fail(
        id,
        'SEAL_REVOKED',
        `seal ${sealId} was revoked at ${revokedAt} (reason ${reason}${compromise}) and the signature is not proven to exist before ${status.revokedAt.toISOString()}`,
      );
    }
    return pass(id, `seal ${sealId} was active at ${when}; revoked later, at ${revokedAt} (reason ${reason}${compromise})`, seal.anchor);
  }
  if (status.state === 'revoked')
    return fail(
      id,
      'SEAL_REVOKED',
      `seal ${sealId} was revoked at ${revokedAt} (reason ${reason}${compromise}), before the signature at ${when}`,
    );
  return fail(id, 'SEAL_NOT_ACTIVE', `seal ${sealId} was not active at ${when}: ${String(status.evidence?.why ?? status.state)}`);
}
