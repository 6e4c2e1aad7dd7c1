import { isSealError, isZipFile, verifyOfd, verifyPdf, type PdfVerificationReport } from '@eseal/core';
import { assertAllowed, type Caller } from '../../access';
import { assertPdfSize } from './sign-document';
import type { Store } from '../../store';
import type { SigningDeps } from './signing-deps';

type VerifyDeps = Pick<SigningDeps, 'trust' | 'ledger' | 'settings' | 'clock' | 'verifier' | 'metrics'> & {
  /** When given, each signature of a seal this service holds also names the seal's internal id. */
  readonly store?: Pick<Store, 'sealCodes' | 'seals'>;
};

/** A verified signature as this service reports it: the file's esID (the seal code) and, for our own seals, our seal id. */
export type ServiceVerificationReport = Omit<PdfVerificationReport, 'signatures'> & {
  signatures: Array<PdfVerificationReport['signatures'][number] & { sealId?: string }>;
};

/**
 * Verification of an uploaded PDF or OFD (told apart by content): the pure pipeline with this
 * deployment's trust material and ledger. When the ledger cannot be reached, the document is still
 * verified, without it: what only the ledger can tell (seal status, anchors) is then unknown, so the
 * verdict is INDETERMINATE, as the CLI answers, rather than an error that says nothing of the file.
 */
export async function verifyDocument(deps: VerifyDeps, caller: Caller, pdf: Uint8Array): Promise<ServiceVerificationReport> {
  assertAllowed(caller, 'document.verify');
  return verifyUploadedDocument(deps, pdf);
}

/** The same verification for callers without an account (the public portal): the route decides who may call. */
export async function verifyUploadedDocument(deps: VerifyDeps, pdf: Uint8Array): Promise<PdfVerificationReport> {
  assertPdfSize(deps, pdf);
  let report: PdfVerificationReport;
  try {
    report = await verifyWith(deps, pdf, deps.ledger);
  } catch (error) {
    if (!(isSealError(error) && error.code === 'LEDGER_UNAVAILABLE')) throw error;
    report = { ...(await verifyWith(deps, pdf, undefined)), ledgerUnavailable: error.message };
  }
  deps.metrics?.verifications.inc({ verdict: report.verdict.toLowerCase() });
  return withSealIds(deps.store, report);
}

async function withSealIds(store: VerifyDeps['store'], report: PdfVerificationReport): Promise<ServiceVerificationReport> {
  if (store === undefined) return report;
  const signatures = await Promise.all(
    report.signatures.map(async (s) => {
      const sealId = s.esID === undefined ? undefined : await findSealIdByEsId(store, s.esID);
      return sealId === undefined ? s : { ...s, sealId };
    }),
  );
  return { ...report, signatures };
}

function verifyWith(deps: VerifyDeps, pdf: Uint8Array, ledger: VerifyDeps['ledger'] | undefined): Promise<PdfVerificationReport> {
  const options = { now: deps.clock(), limits: { maxMillis: deps.settings.pdfTimeBudgetMs } };
  // OFD is read on the event loop: its reader is bounded by sizes and counts, not by a CPU budget.
  if (isZipFile(pdf)) return verifyOfd(pdf, { trust: deps.trust, ledger, now: options.now });
  // The thread pool holds the deployment's ledger; a verification without it runs here.
  if (deps.verifier && ledger === deps.ledger) return deps.verifier.verify(pdf, options);
  return verifyPdf(pdf, { trust: deps.trust, ledger, ...options });
}

/** Our seal id for an esID; undefined when this store holds no seal by it (a seal of another service). */
async function findSealIdByEsId(store: Pick<Store, 'sealCodes' | 'seals'>, esId: string): Promise<string | undefined> {
  const sealId = await store.sealCodes.sealIdFor(esId);
  return (await store.seals.byId(sealId)) ? sealId : undefined;
}
