import { verifyPdf, type PdfVerificationReport } from '@eseal/core';
import { assertAllowed, type Caller } from '../../access';
import { assertPdfSize } from './sign-document';
import type { SigningDeps } from './signing-deps';

/** Verification of an uploaded PDF: the pure pipeline with this deployment's trust material and ledger. */
export async function verifyDocument(deps: Pick<SigningDeps, 'trust' | 'ledger' | 'settings' | 'clock' | 'verifier' | 'metrics'>, caller: Caller, pdf: Uint8Array): Promise<PdfVerificationReport> {
  assertAllowed(caller, 'document.verify');
  assertPdfSize(deps, pdf);
  const options = { now: deps.clock(), limits: { maxMillis: deps.settings.pdfTimeBudgetMs } };
  const report = deps.verifier ? await deps.verifier.verify(pdf, options) : await verifyPdf(pdf, { trust: deps.trust, ledger: deps.ledger, ...options });
  deps.metrics?.verifications.inc({ verdict: report.valid ? 'valid' : 'invalid' });
  return report;
}
