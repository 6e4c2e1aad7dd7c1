import { sm3Hex } from '../crypto/sm3';
import { inspectPdfSignatures, sm3ByteRange, type PdfLimits, type PdfSignatureInfo } from '../pdf';
import { isSealError, type ErrorCode } from '../errors';
import { verifySesSignature, type DecodedSesSignature, type LedgerSealStatus, type SealTrust, type SesSignatureVerificationReport, type VerifySesSignatureOptions } from '../seal';
import type { ProofBundle } from '../evidence';
import { checkAnchor } from './anchor-check';
import { checkBundles } from './bundle-check';
import type { VerificationLedger } from './ledger-port';
import type { PdfCheckResult, PdfVerificationReport, SignatureRevisionReport } from './report';
import { checkByteRange, checkChangesAfter, checkPropertyInfo, decodeContainer } from './revision-checks';
import { checkRegisteredSealData } from './registered-seal-check';
import { sealStatusAt } from './seal-standing';

export interface VerifyPdfOptions {
  trust: SealTrust;
  /** Read-only ledger view; without it the seal-status and anchor checks are reported as skipped. */
  ledger?: VerificationLedger;
  limits?: Partial<PdfLimits>;
  /** Stamped into the report; defaults to now. */
  now?: Date;
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
  const inspection = inspectPdfSignatures(pdf, { limits: options.limits });
  const ordered = [...inspection.signatures].sort((a, b) => endOf(a) - endOf(b));
  // The last signature's revision is usually the whole file: hash the file once and reuse it there.
  const fileSm3 = sm3Hex(pdf);
  const signatures: SignatureRevisionReport[] = [];
  for (const [index, sig] of ordered.entries()) signatures.push(await verifyRevision(pdf, sig, index, options, fileSm3));

  const problems = [...new Set(signatures.flatMap((s) => s.checks.flatMap((c) => (c.status === 'fail' && c.code ? [c.code] : []))))] as ErrorCode[];
  return {
    valid: signatures.length > 0 && signatures.every((s) => s.valid),
    modified: signatures.some((s) => s.changesAfter.verdict === 'disallowed' || s.checks.some((c) => c.id === 'pdf.byte-range' && c.status === 'fail')),
    problems,
    fileSm3,
    fileLength: pdf.length,
    revisionCount: inspection.revisions.length,
    pageCount: inspection.pageCount,
    signatures,
    verifiedAt: (options.now ?? new Date()).toISOString(),
  };
}

async function verifyRevision(pdf: Uint8Array, sig: PdfSignatureInfo, index: number, options: VerifyPdfOptions, fileSm3: string): Promise<SignatureRevisionReport> {
  const revisionEnd = sig.byteRange ? sig.byteRange[2] + sig.byteRange[3] : undefined;
  const revisionSm3 = (end: number) => (end === pdf.length ? fileSm3 : sm3Hex(pdf.subarray(0, end)));
  const base: SignatureRevisionReport = {
    index,
    fieldName: sig.fieldName,
    revision: sig.revision,
    page: sig.page,
    valid: false,
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
    const anchor = await checkAnchor(options.ledger, { signatureSm3: base.signatureSm3, revisionSm3: base.revisionSm3, esID });
    const ledgerStatus = options.ledger ? withExistenceProof(sealStatusAt(sealView, decoded.timeInfo), anchor) : undefined;
    const report = await verifyContainer(decoded, { dataHash: sm3ByteRange(pdf, sig.byteRange), trust: options.trust, ledgerStatus });
    if ('error' in report) {
      checks.push(report.error, checkChangesAfter(sig));
      return { ...base, checks, valid: false };
    }
    checks.push(...report.checks);
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
  checks.push(checkChangesAfter(sig));
  base.checks = checks;
  base.valid = decoded !== undefined && checks.every((c) => c.status !== 'fail');
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

