import { isZipFile, verifyOfd, verifyPdf, type PdfVerificationReport } from '@eseal/core';
import { assertAllowed, type Caller } from '../../access';
import { assertPdfSize } from './sign-document';
import type { SigningDeps } from './signing-deps';

/** Verification of an uploaded PDF or OFD (told apart by content): the pure pipeline with this deployment's trust material and ledger. */
export async function verifyDocument(deps: Pick<SigningDeps, 'trust' | 'ledger' | 'settings' | 'clock' | 'verifier'>, caller: Caller, pdf: Uint8Array): Promise<PdfVerificationReport> {
  assertAllowed(caller, 'document.verify');
  assertPdfSize(deps, pdf);
  // OFD is read on the event loop: its reader is bounded by sizes and counts, not by a CPU budget.
  if (isZipFile(pdf)) return verifyOfd(pdf, { trust: deps.trust, ledger: deps.ledger, now: deps.clock() });
  const options = { now: deps.clock(), limits: { maxMillis: deps.settings.pdfTimeBudgetMs } };
  if (deps.verifier) return deps.verifier.verify(pdf, options);
  return verifyPdf(pdf, { trust: deps.trust, ledger: deps.ledger, ...options });
}
