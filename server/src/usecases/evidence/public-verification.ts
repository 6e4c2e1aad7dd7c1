import {
  verifyPdf,
  verifyProofBundleV2,
  type BundleCheckLine,
  type BundleTrust,
  type BundleVerdict,
  type PdfVerificationReport,
} from '@eseal/core';
import { assertPdfSize } from '../signing/sign-document';
import type { SigningDeps } from '../signing/signing-deps';

/**
 * What anyone may learn about an uploaded PDF: what the file itself shows (seal codes and names, signing
 * times) and the outcome of each check by id and code. Check messages and details are left out: they
 * carry internal ids (signing records, batches) the public must not see.
 */
export interface PublicDocumentVerification {
  valid: boolean;
  modified: boolean;
  fileSm3: string;
  signatures: Array<{
    index: number;
    valid: boolean;
    esID?: string;
    sealName?: string;
    signingTime?: string;
    checks: Array<{ id: string; status: string; code?: string }>;
  }>;
}

export async function verifyDocumentPublicly(
  deps: Pick<SigningDeps, 'trust' | 'ledger' | 'settings' | 'clock' | 'verifier'>,
  pdf: Uint8Array,
): Promise<PublicDocumentVerification> {
  assertPdfSize(deps, pdf);
  const options = { now: deps.clock(), limits: { maxMillis: deps.settings.pdfTimeBudgetMs } };
  const report: PdfVerificationReport = deps.verifier
    ? await deps.verifier.verify(pdf, options)
    : await verifyPdf(pdf, { trust: deps.trust, ledger: deps.ledger, ...options });
  return {
    valid: report.valid,
    modified: report.modified,
    fileSm3: report.fileSm3,
    signatures: report.signatures.map((s) => ({
      index: s.index,
      valid: s.valid,
      ...(s.esID ? { esID: s.esID } : {}),
      ...(s.sealName ? { sealName: s.sealName } : {}),
      ...(s.signingTime ? { signingTime: s.signingTime } : {}),
      checks: s.checks.map((c) => ({ id: c.id, status: c.status, ...(c.code ? { code: c.code } : {}) })),
    })),
  };
}

/** An uploaded v2 bundle checked offline against this service's CA: the answer speaks only of the bundle's own content. */
export function verifyBundlePublicly(trust: BundleTrust, bundle: unknown): { verdict: BundleVerdict; checks: BundleCheckLine[] } {
  const result = verifyProofBundleV2(bundle, trust);
  return { verdict: result.verdict, checks: result.checks };
}
