import { sm3Hex } from '../crypto/sm3';
import { inspectPdfSignatures } from '../pdf/inspect';
import { sm3ByteRange } from '../pdf/byte-range';
import type { PdfInspection, PdfLimits, PdfSignatureInfo } from '../pdf';
import { SealError, type ErrorCode } from '../errors';
import type { SealTrust } from '../seal';
import type { ProofBundle } from '../evidence';
import type { VerificationLedger } from './ledger-port';
import type { PdfCheckResult, PdfVerificationReport, SignatureRevisionReport } from './report';
import { checkByteRange, checkPropertyInfo, decodeContainer } from './revision-checks';
import { verifySesWithEvidence } from './ses-signature-evidence';
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

  const problems = [
    ...new Set(signatures.flatMap((s) => s.checks.flatMap((c) => (c.status === 'fail' && c.code ? [c.code] : [])))),
  ] as ErrorCode[];
  const verdict = documentVerdict(signatures);
  return {
    valid: verdict === 'VALID',
    verdict,
    // Signed bytes that no longer hash to the signed value were modified too, not merely "invalid".
    modified: signatures.some(
      (s) => s.changesAfter.verdict === 'disallowed' || s.checks.some((c) => MODIFIED_WHEN_FAILED.has(c.id) && c.status === 'fail'),
    ),
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
    throw new SealError('PDF_MALFORMED', 'the file holds no page and no signature that can be read', {
      details: { repairs: inspection.repairs },
    });
  }
  return inspection;
}

/** Every check of one signature but what changed after it, which needs the later signatures' verdicts. */
async function verifyRevision(
  pdf: Uint8Array,
  sig: PdfSignatureInfo,
  index: number,
  options: VerifyPdfOptions & { now: Date },
  fileSm3: string,
): Promise<SignatureRevisionReport> {
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
    base.signatureSm3 = sm3Hex(sig.contents);
    const evidence = await verifySesWithEvidence({
      decoded,
      dataHash: sm3ByteRange(pdf, sig.byteRange),
      signatureSm3: base.signatureSm3,
      revisionSm3: base.revisionSm3,
      trust: options.trust,
      ledger: options.ledger,
      bundles: options.bundles,
      now: options.now,
      clockSkewMs: options.clockSkewMs,
      anchoringWindowMs: options.anchoringWindowMs,
    });
    checks.push(...evidence.checks);
    Object.assign(base, evidence.facts ?? {});
  }
  base.checks = checks;
  return base;
}

/** Signatures without a usable range sort last: they are reported, never silently dropped. */
function endOf(sig: PdfSignatureInfo): number {
  return sig.byteRange ? sig.byteRange[2] + sig.byteRange[3] : Number.MAX_SAFE_INTEGER;
}
