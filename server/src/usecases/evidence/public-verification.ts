import {
  verifyProofBundleV2,
  type BundleCheckLine,
  type BundleTrust,
  type BundleVerdict,
  type ChangesAfterSignature,
  type SealImprint,
  type Verdict,
} from '@eseal/core';
import type { SigningDeps } from '../signing/signing-deps';
import { verifyUploadedDocument } from '../signing/verify-document';

/**
 * What anyone may learn about an uploaded PDF: what the file itself shows (seal codes and names, the
 * signer certificate's subject, signing times, the imprint picture, what changed after each signature
 * and on which page), when the ledger anchored each signature, and the outcome of each check by id and
 * code. Check messages and details are left out: they carry internal ids (signing records, batches)
 * the public must not see.
 */
export interface PublicDocumentVerification {
  valid: boolean;
  verdict: Verdict;
  modified: boolean;
  fileSm3: string;
  pageCount: number;
  /** Set when the ledger could not be reached: seal status and anchors are unknown. */
  ledgerUnavailable?: boolean;
  signatures: Array<{
    index: number;
    valid: boolean;
    verdict: Verdict;
    page?: number;
    esID?: string;
    /** The 13-digit public-security seal code (印章编码) printed in the imprint, for the service's own seals. */
    sealCode?: string;
    sealName?: string;
    signerSubject?: string;
    signingTime?: string;
    imprint?: SealImprint;
    sealMadeAt?: string;
    anchoredAt?: string;
    anchorTxId?: string;
    changesAfter: { verdict: ChangesAfterSignature['verdict']; changes: Array<{ allowed: boolean; reason: string; page?: number }> };
    checks: Array<{ id: string; status: string; code?: string }>;
  }>;
}

/** The 13-digit public-security codes of seals by their esID (a code is its own); unknown legacy esIDs are left out. */
export interface PublicSealCodes {
  codesOf(esIDs: readonly string[]): Promise<Map<string, string>>;
}

export async function verifyDocumentPublicly(
  deps: Pick<SigningDeps, 'trust' | 'ledger' | 'settings' | 'clock' | 'verifier' | 'metrics'>,
  document: Uint8Array,
  sealCodes?: PublicSealCodes,
): Promise<PublicDocumentVerification> {
  const report = await verifyUploadedDocument(deps, document);
  const esIDs = [...new Set(report.signatures.flatMap((s) => (s.esID ? [s.esID] : [])))];
  const codes = sealCodes && esIDs.length > 0 ? await sealCodes.codesOf(esIDs) : new Map<string, string>();
  return {
    valid: report.valid,
    verdict: report.verdict,
    modified: report.modified,
    fileSm3: report.fileSm3,
    pageCount: report.pageCount,
    ...(report.ledgerUnavailable ? { ledgerUnavailable: true } : {}),
    signatures: report.signatures.map((s) => ({
      index: s.index,
      valid: s.valid,
      verdict: s.verdict,
      ...(s.page !== undefined ? { page: s.page } : {}),
      ...(s.esID ? { esID: s.esID } : {}),
      ...(s.esID && codes.has(s.esID) ? { sealCode: codes.get(s.esID) } : {}),
      ...(s.sealName ? { sealName: s.sealName } : {}),
      ...(s.signerSubject ? { signerSubject: s.signerSubject } : {}),
      ...(s.signingTime ? { signingTime: s.signingTime } : {}),
      ...(s.imprint ? { imprint: s.imprint } : {}),
      ...(s.sealMadeAt ? { sealMadeAt: s.sealMadeAt } : {}),
      ...(s.anchoredAt ? { anchoredAt: s.anchoredAt, anchorTxId: s.anchorTxId } : {}),
      changesAfter: {
        verdict: s.changesAfter.verdict,
        changes: s.changesAfter.changes.map((c) => ({
          allowed: c.allowed,
          reason: c.reason,
          ...(c.page !== undefined ? { page: c.page } : {}),
        })),
      },
      checks: s.checks.map((c) => ({ id: c.id, status: c.status, ...(c.code ? { code: c.code } : {}) })),
    })),
  };
}

/** An uploaded v2 bundle checked offline against this service's CA: the answer speaks only of the bundle's own content. */
export function verifyBundlePublicly(trust: BundleTrust, bundle: unknown): { verdict: BundleVerdict; checks: BundleCheckLine[] } {
  const result = verifyProofBundleV2(bundle, trust);
  return { verdict: result.verdict, checks: result.checks };
}
