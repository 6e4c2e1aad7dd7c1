import { isSealError } from '../errors';
import type { ProofBundle } from '../evidence';
import { verifySesSignature } from '../seal/verify/verify-signature';
import type { DecodedSesSignature, LedgerSealStatus, SealTrust } from '../seal';
import { checkAnchor } from './anchor-check';
import { checkBundles } from './bundle-check';
import type { VerificationLedger } from './ledger-port';
import { checkRegisteredSealData } from './registered-seal-check';
import type { PdfCheckResult } from './report';
import { sealStatusAt } from './seal-standing';
import { checkSigningTime } from './signing-time-check';

export interface SesEvidenceInput {
  decoded: DecodedSesSignature;
  /** SM3 of what the document format says the signature protects. */
  dataHash: Uint8Array;
  signatureSm3: string;
  revisionSm3?: string;
  trust: SealTrust;
  ledger?: VerificationLedger;
  bundles?: readonly ProofBundle[];
  /** The time of verification: no signing time may lie after it. */
  now: Date;
  clockSkewMs?: number;
  anchoringWindowMs?: number;
}

/** What a verified SES_Signature shows about itself, for reports a person reads. */
export interface SesSignatureFacts {
  esID: string;
  sealName: string;
  signerSubject?: string;
  signingTime: string;
  signingTimeSource: string;
  /** The imprint picture in the seal data, as the document shows it. */
  imprint?: SealImprint;
  /** The seal's creation date from its seal data. */
  sealMadeAt?: string;
  /** When and by which ledger transaction this signature was anchored (only a matching anchor). */
  anchoredAt?: string;
  anchorTxId?: string;
}

export interface SealImprint {
  /** "PNG", "GIF", "JPG", "SVG", ... as the seal data names it. */
  type: string;
  base64: string;
  widthMm: number;
  heightMm: number;
}

export interface SesEvidenceResult {
  checks: PdfCheckResult[];
  /** Set when the SES_Signature could be verified at all. */
  facts?: SesSignatureFacts;
}

/**
 * The document-independent part of verifying one signature, the same for PDF and OFD: every
 * GB/T 38540 check of the SES_Signature (with the seal status at signing time from the ledger, a
 * key-leak revocation counting from its compromise time), whether the claimed signing time can be
 * true, the seal data the ledger registered, the anchor and a proof bundle. The document format
 * supplies only the dataHash and the hashes the ledger knows the signature by.
 */
export async function verifySesWithEvidence(input: SesEvidenceInput): Promise<SesEvidenceResult> {
  const { decoded, ledger } = input;
  const esID = decoded.seal.sealInfo.esID;
  const sealView = ledger ? await ledger.findSeal(esID) : undefined;
  // The anchor is read first: it is the signer-independent proof of when the signature existed,
  // which a "revoked after signing" verdict needs (a leaked key can backdate timeInfo).
  const anchor = await checkAnchor(ledger, {
    signatureSm3: input.signatureSm3,
    revisionSm3: input.revisionSm3,
    esID,
    claimed: decoded.timeInfo,
    now: input.now,
    windowMs: input.anchoringWindowMs,
  });
  // A token whose TSA the trust can check supplies the signing time; otherwise it is the signer's claim.
  const timeStamped = decoded.timeStamp !== undefined && input.trust.verifyTimeStampToken !== undefined;
  let report;
  try {
    report = await verifySesSignature(decoded, {
      dataHash: input.dataHash,
      trust: input.trust,
      ...(timeStamped ? { signingTimeSource: { kind: 'timestamp' as const } } : {}),
      ...(ledger ? { ledgerStatus: (at: Date) => withExistenceProof(sealStatusAt(sealView, at), anchor) } : {}),
    });
  } catch (error) {
    // The signature is attacker-controlled: a coded failure in it is this signature's failed check.
    if (!isSealError(error)) throw error;
    return {
      checks: [
        { id: 'signature.format', status: 'fail', code: error.code, message: `the SES_Signature cannot be verified: ${error.message}` },
      ],
    };
  }
  const checks: PdfCheckResult[] = [...report.checks];
  const matchingAnchor = anchor.check.status === 'pass' ? anchor.anchor : undefined;
  checks.push(
    checkSigningTime({
      claimed: decoded.timeInfo,
      now: input.now,
      seal: decoded.seal.sealInfo.property,
      anchor: matchingAnchor,
      skewMs: input.clockSkewMs,
    }),
  );
  if (ledger) checks.push(checkRegisteredSealData(sealView, decoded.seal.raw, report.signingTime));
  checks.push(anchor.check);
  checks.push(await checkBundles(input.bundles, ledger, { signatureSm3: input.signatureSm3, revisionSm3: input.revisionSm3, esID }));
  return {
    checks,
    facts: {
      esID,
      sealName: report.sealName,
      signerSubject: signerSubject(input.trust, decoded.signerCert),
      signingTime: report.signingTime.toISOString(),
      signingTimeSource: report.signingTimeSource,
      imprint: imprintOf(decoded),
      sealMadeAt: decoded.seal.sealInfo.property.createDate.toISOString(),
      ...(matchingAnchor ? { anchoredAt: matchingAnchor.anchoredAt.toISOString(), anchorTxId: matchingAnchor.txId } : {}),
    },
  };
}

/** Only an anchor that matches this file's seal and revision counts as proof of existence. */
function withExistenceProof(status: LedgerSealStatus, { check, anchor }: Awaited<ReturnType<typeof checkAnchor>>): LedgerSealStatus {
  const proof = check.status === 'pass' && anchor !== undefined ? { at: anchor.anchoredAt, by: `ledger anchor ${anchor.txId}` } : undefined;
  return { ...status, requireProofBeforeRevocation: true, ...(proof ? { provenExisting: proof } : {}) };
}

function imprintOf(decoded: DecodedSesSignature): SealImprint {
  const picture = decoded.seal.sealInfo.picture;
  return { type: picture.type, base64: Buffer.from(picture.data).toString('base64'), widthMm: picture.width, heightMm: picture.height };
}

function signerSubject(trust: SealTrust, der: Uint8Array): string | undefined {
  try {
    return trust.parseCertificate(der).subject;
  } catch {
    return undefined; // the certificate check already reports why
  }
}
