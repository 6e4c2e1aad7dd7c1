import { sm3Hex } from '../crypto/sm3';
import { inspectPdfSignatures, sm3ByteRange, type PdfInspection, type PdfLimits, type PdfSignatureInfo } from '../pdf';
import { isSealError, SealError, type ErrorCode } from '../errors';
import { verifySesSignature, type DecodedSesSignature, type LedgerSealStatus, type SealTrust, type SesSignatureVerificationReport, type VerifySesSignatureOptions } from '../seal';
import type { ProofBundle } from '../evidence';
import { checkAnchor } from './anchor-check';
import { checkBundles } from './bundle-check';
import type { VerificationLedger } from './ledger-port';
import type { PdfCheckResult, PdfVerificationReport, SignatureRevisionReport } from './report';
import { checkByteRange, checkPropertyInfo, decodeContainer } from './revision-checks';
import { checkRegisteredSealData } from './registered-seal-check';
import { sealStatusAt } from './seal-standing';
import { checkSigningTime } from './signing-time-check';
import { documentVerdict } from './verdict';
import { judgeChangesAfter } from './changes-after-judgement';
import { inspectWhatCanBeRead, type ReadableInspection } from './readable-inspection';

export interface VerifyPdfOptions {
  trust: SealTrust;
  /** Read-only ledger view; without it the seal-status and anchor checks are reported as skipped. */
  ledger?: VerificationLedger;
  limits?: Partial<PdfLimits>;
  /** The time of verification: stamped into the report, and no signing time may lie after it. Defaults to now. */
  now?: Date;
  /** Tolerated clock difference for "claimed later than" checks (default CLOCK_SKEW_MS). */
  clockSkewMs?: number;
  /** How long after its claimed time a missing anchor is still "not yet" (default ANCHORING_WINDOW_MS). */
  anchoringWindowMs?: number;
  /** Proof bundles (offline evidence) to check against the signatures they name. */
  bundles?: readonly ProofBundle[];
}

/**
 * Verifies every signature of a PDF, in signing order:
 *   1. read the file into neutral signature descriptions (unreadable input throws a coded error),
 *   2. per signature: the covered range, the container, propertyInfo, the SES_Signature with every
 *      GB/T 38540 check (crypto, seal data, certificates and seal status at signing time), the anchor,
 *      a proof bundle when one is given, and what changed after it,
 *   3. one summary. Needs only the file, the trust material and the ledger: never our database.
 */
export async function verifyPdf(pdf: Uint8Array, options: VerifyPdfOptions): Promise<PdfVerificationReport> {
  const inspection = inspect(pdf, options.limits);
  const ordered = [...inspection.signatures].sort((a, b) => endOf(a) - endOf(b));
  // The last signature's revision is usually the whole file: hash the file once and reuse it there.
  const fileSm3 = sm3Hex(pdf);
  const now = options.now ?? new Date();
  const signatures: SignatureRevisionReport[] = [];
  for (const [index, sig] of ordered.entries()) signatures.push(await verifyRevision(pdf, sig, index, { ...options, now }, fileSm3));
  judgeChangesAfter(ordered, signatures);

  const problems = [...new Set(signatures.flatMap((s) => s.checks.flatMap((c) => (c.status === 'fail' && c.code ? [c.code] : []))))] as ErrorCode[];
  const verdict = documentVerdict(signatures);
  return {
    valid: verdict === 'VALID',
    verdict,
    // Signed bytes that no longer hash to the signed value were modified too, not merely "invalid".
    modified: signatures.some((s) => s.changesAfter.verdict === 'disallowed' || s.checks.some((c) => MODIFIED_WHEN_FAILED.has(c.id) && c.status === 'fail')),
    problems,
    fileSm3,
    fileLength: pdf.length,
    revisionCount: inspection.revisions.length,
    pageCount: inspection.pageCount,
    signatures,
    verifiedAt: now.toISOString(),
    ...(inspection.unreadable !== undefined ? { unreadable: inspection.unreadable } : {}),
    ...(inspection.repairs.length > 0 ? { repaired: inspection.repairs } : {}),
  };
}

const MODIFIED_WHEN_FAILED = new Set<string>(['pdf.byte-range', 'signature.data-hash']);

function inspect(pdf: Uint8Array, limits: Partial<PdfLimits> | undefined): ReadableInspection {
  let inspection: PdfInspection;
  try {
    inspection = inspectPdfSignatures(pdf, { limits });
  } catch (error) {
    return inspectWhatCanBeRead(pdf, error, limits);
  }
  // Repair on read makes something of almost any bytes; with neither a page nor a signature left
  // there is no document to judge, and an INVALID verdict would suggest there was one.
  if (inspection.signatures.length === 0 && inspection.pageCount === 0) {
    throw new SealError('PDF_MALFORMED', 'the file holds no page and no signature that can be read', { details: { repairs: inspection.repairs } });
  }
  return inspection;
}

/** Every check of one signature but what changed after it, which needs the later signatures' verdicts. */
async function verifyRevision(pdf: Uint8Array, sig: PdfSignatureInfo, index: number, options: VerifyPdfOptions & { now: Date }, fileSm3: string): Promise<SignatureRevisionReport> {
  const revisionEnd = sig.byteRange ? sig.byteRange[2] + sig.byteRange[3] : undefined;
  const revisionSm3 = (end: number) => (end === pdf.length ? fileSm3 : sm3Hex(pdf.subarray(0, end)));
  const base: SignatureRevisionReport = {
    index,
    fieldName: sig.fieldName,
    revision: sig.revision,
    page: sig.page,
    valid: false,
    verdict: 'INVALID',
    revisionSm3: sig.coversWholeRevision && revisionEnd !== undefined ? revisionSm3(revisionEnd) : undefined,
    checks: [],
    changesAfter: sig.changesAfter,
  };
  const checks: PdfCheckResult[] = [checkByteRange(sig)];
  const container = decodeContainer(sig);
  checks.push(container.check);
  const decoded = container.decoded;
  if (decoded !== undefined && sig.byteRange !== undefined) {
    checks.push(checkPropertyInfo(sig, decoded));
    const esID = decoded.seal.sealInfo.esID;
    const sealView = options.ledger ? await options.ledger.findSeal(esID) : undefined;
    base.signatureSm3 = sm3Hex(sig.contents);
    // The anchor is read first: it is the signer-independent proof of when the signature existed,
    // which a "revoked after signing" verdict needs (a leaked key can backdate timeInfo).
    const anchor = await checkAnchor(options.ledger, { signatureSm3: base.signatureSm3, revisionSm3: base.revisionSm3, esID, claimed: decoded.timeInfo, now: options.now, windowMs: options.anchoringWindowMs });
    const ledgerStatus = options.ledger ? withExistenceProof(sealStatusAt(sealView, decoded.timeInfo), anchor) : undefined;
    const report = await verifyContainer(decoded, { dataHash: sm3ByteRange(pdf, sig.byteRange), trust: options.trust, ledgerStatus });
    if ('error' in report) {
      checks.push(report.error);
      return { ...base, checks };
    }
    checks.push(...report.checks);
    const matchingAnchor = anchor.check.status === 'pass' ? anchor.anchor : undefined;
    checks.push(checkSigningTime({ claimed: decoded.timeInfo, now: options.now, seal: decoded.seal.sealInfo.property, anchor: matchingAnchor, skewMs: options.clockSkewMs }));
    if (options.ledger) checks.push(checkRegisteredSealData(sealView, decoded.seal.raw, decoded.timeInfo));
    checks.push(anchor.check);
    checks.push(await checkBundles(options.bundles, options.ledger, { signatureSm3: base.signatureSm3, revisionSm3: base.revisionSm3, esID }));
    Object.assign(base, {
      esID,
      sealName: report.sealName,
      signerSubject: signerSubject(options.trust, decoded.signerCert),
      signingTime: report.signingTime.toISOString(),
      signingTimeSource: report.signingTimeSource,
    });
  }
  base.checks = checks;
  return base;
}

/** Only an anchor that matches this file's seal and revision counts as proof of existence. */
function withExistenceProof(status: LedgerSealStatus, { check, anchor }: Awaited<ReturnType<typeof checkAnchor>>): LedgerSealStatus {
  const proof = check.status === 'pass' && anchor !== undefined ? { at: anchor.anchoredAt, by: `ledger anchor ${anchor.txId}` } : undefined;
  return { ...status, requireProofBeforeRevocation: true, ...(proof ? { provenExisting: proof } : {}) };
}

/**
 * The container is attacker-controlled: a coded failure anywhere in it (a certificate that cannot be
 * parsed, say) is this signature's failed check, not an error for the whole file.
 */
async function verifyContainer(decoded: DecodedSesSignature, options: VerifySesSignatureOptions): Promise<SesSignatureVerificationReport | { error: PdfCheckResult }> {
  try {
    return await verifySesSignature(decoded, options);
  } catch (error) {
    if (!isSealError(error)) throw error;
    return { error: { id: 'signature.format', status: 'fail', code: error.code, message: `the SES_Signature cannot be verified: ${error.message}` } };
  }
}

function signerSubject(trust: SealTrust, der: Uint8Array): string | undefined {
  try {
    return trust.parseCertificate(der).subject;
  } catch {
    return undefined; // the certificate check already reports why
  }
}

/** Signatures without a usable range sort last: they are reported, never silently dropped. */
function endOf(sig: PdfSignatureInfo): number {
  return sig.byteRange ? sig.byteRange[2] + sig.byteRange[3] : Number.MAX_SAFE_INTEGER;
}

