import { sm3, sm3Hex } from '../crypto/sm3';
import { SealError, type ErrorCode } from '../errors';
import type { ProofBundle } from '../evidence';
import { inspectOfdSignatures } from '../ofd/inspect-ofd';
import type { OfdLimits, OfdSignatureInfo } from '../ofd';
import type { ChangesAfterSignature } from '../pdf';
import type { SealTrust } from '../seal';
import type { VerificationLedger } from './ledger-port';
import { checkOfdChangesAfter, checkOfdPropertyInfo, checkReferences, checkSealMatch, decodeSignedValue } from './ofd-checks';
import type { PdfCheckResult, PdfVerificationReport, SignatureRevisionReport } from './report';
import { verifySesWithEvidence } from './ses-signature-evidence';
import { documentVerdict, signatureVerdict } from './verdict';

export interface VerifyOfdOptions {
  trust: SealTrust;
  ledger?: VerificationLedger;
  limits?: Partial<OfdLimits>;
  /** The time of verification: stamped into the report, and no signing time may lie after it. Defaults to now. */
  now?: Date;
  clockSkewMs?: number;
  anchoringWindowMs?: number;
  bundles?: readonly ProofBundle[];
}

/**
 * The OFD report has the PDF report's shape, so every consumer (API, CLI, evidence) reads both. For
 * OFD a "revision" is the state a signature pinned: `revisionSm3` is the SM3 of its Signature.xml,
 * which records the SM3 of every file it covers; `fieldName` is the Signature.xml location.
 */
export interface OfdVerificationReport extends PdfVerificationReport {
  format: 'ofd';
}

/**
 * Verifies every signature of an OFD, in the order Signatures.xml lists them, following the
 * GB/T 33190 / GB/T 38540 steps:
 *   1. read the container (hostile input throws a coded error: OFD_MALFORMED, OFD_TOO_LARGE, OFD_UNSAFE_CONTENT),
 *   2. per signature: SignedValue.dat is an SES_Signature; every reference's SM3; Seal.esl equals the
 *      embedded seal; propertyInfo names this Signature.xml; the SES_Signature over SM3(Signature.xml)
 *      with every seal, certificate and ledger check the PDF path makes; nothing added after it
 *      except later signatures,
 *   3. one summary.
 */
export async function verifyOfd(ofd: Uint8Array, options: VerifyOfdOptions): Promise<OfdVerificationReport> {
  const inspection = inspectOfdSignatures(ofd, options.limits);
  // As for a PDF: with neither a page nor a signature there is no document to judge, and an
  // INVALID verdict would suggest there was one (signing refuses a page-less file the same way).
  if (inspection.signatures.length === 0 && inspection.pageCount === 0)
    throw new SealError('OFD_MALFORMED', 'the document holds no page and no signature');
  const now = options.now ?? new Date();
  const signatures: SignatureRevisionReport[] = [];
  for (const sig of inspection.signatures)
    signatures.push(await verifySignature(sig, inspection.signatures.length - sig.index - 1, { ...options, now }));
  judgeLaterSignatures(signatures);
  const problems = [
    ...new Set(signatures.flatMap((s) => s.checks.flatMap((c) => (c.status === 'fail' && c.code ? [c.code] : [])))),
  ] as ErrorCode[];
  const verdict = documentVerdict(signatures);
  return {
    format: 'ofd',
    valid: verdict === 'VALID',
    verdict,
    modified: signatures.some((s) => s.changesAfter.verdict === 'disallowed'),
    problems,
    fileSm3: sm3Hex(ofd),
    fileLength: ofd.length,
    revisionCount: signatures.length,
    pageCount: inspection.pageCount,
    signatures,
    verifiedAt: now.toISOString(),
  };
}

/**
 * Latest signature first, as for PDF: what a later signature added (its Sign_N folder and the stamp a
 * viewer draws) is an allowed change for the earlier ones only while that later signature is VALID.
 * An INVALID later signature makes its stamp an unsigned overlay; an INDETERMINATE one leaves the
 * earlier signatures' changes unknown too.
 */
function judgeLaterSignatures(reports: SignatureRevisionReport[]): void {
  let laterInvalid = false;
  let laterUnknown = false;
  for (let i = reports.length - 1; i >= 0; i--) {
    const report = reports[i]!;
    const check = report.checks.find((c) => c.id === 'ofd.changes-after');
    if (check && check.status === 'pass' && (laterInvalid || laterUnknown)) {
      if (laterInvalid) {
        Object.assign(check, {
          status: 'fail',
          code: 'DOCUMENT_MODIFIED',
          message: 'a later signature added after this one is not valid: its stamp is an unsigned overlay',
        });
        report.changesAfter = {
          verdict: 'disallowed',
          changes: [...report.changesAfter.changes, { object: 0, allowed: false, reason: 'a later signature that is not valid was added' }],
        };
      } else {
        Object.assign(check, {
          status: 'indeterminate',
          code: 'EVIDENCE_MISSING',
          message: 'a later signature added after this one could not be judged',
        });
      }
    }
    report.verdict =
      report.checks.some((c) => c.id === 'ofd.container' && c.status === 'pass') && report.esID !== undefined
        ? signatureVerdict(report.checks)
        : 'INVALID';
    report.valid = report.verdict === 'VALID';
    if (report.verdict === 'INVALID') laterInvalid = true;
    if (report.verdict === 'INDETERMINATE') laterUnknown = true;
  }
}

async function verifySignature(
  sig: OfdSignatureInfo,
  laterSignatures: number,
  options: VerifyOfdOptions & { now: Date },
): Promise<SignatureRevisionReport> {
  const container = decodeSignedValue(sig);
  const checks: PdfCheckResult[] = [container.check];
  const report: SignatureRevisionReport = {
    index: sig.index,
    fieldName: sig.signaturePath,
    revision: sig.index + 1,
    page: sig.stamps[0]?.page,
    valid: false,
    verdict: 'INVALID',
    checks,
    changesAfter: changesAfter(sig, laterSignatures),
  };
  const decoded = container.decoded;
  if (decoded === undefined || sig.signatureXml === undefined) return report;

  checks.push(checkReferences(sig), checkSealMatch(sig, decoded), checkOfdPropertyInfo(sig, decoded));
  report.signatureSm3 = sm3Hex(sig.signedValue!);
  report.revisionSm3 = sm3Hex(sig.signatureXml);
  const evidence = await verifySesWithEvidence({
    decoded,
    dataHash: sm3(sig.signatureXml),
    signatureSm3: report.signatureSm3,
    revisionSm3: report.revisionSm3,
    trust: options.trust,
    ledger: options.ledger,
    bundles: options.bundles,
    now: options.now,
    clockSkewMs: options.clockSkewMs,
    anchoringWindowMs: options.anchoringWindowMs,
  });
  checks.push(...evidence.checks, checkOfdChangesAfter(sig, laterSignatures));
  Object.assign(report, evidence.facts ?? {});
  return report;
}

/** The PDF report's change summary, filled from the OFD facts: changed or added files are disallowed, later signatures allowed. */
function changesAfter(sig: OfdSignatureInfo, laterSignatures: number): ChangesAfterSignature {
  const changes = [
    ...sig.references
      .filter((r) => r.status !== 'match')
      .map((r) => ({ object: 0, allowed: false, reason: `${r.path} ${r.status === 'missing' ? 'was removed' : 'changed'} after signing` })),
    ...sig.uncovered.map((path) => ({ object: 0, allowed: false, reason: `${path} was added after signing` })),
  ];
  if (changes.length > 0) return { verdict: 'disallowed', changes };
  return { verdict: laterSignatures > 0 ? 'allowed' : 'none', changes };
}
