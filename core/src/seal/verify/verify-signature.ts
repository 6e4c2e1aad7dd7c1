import { SealError } from '../../errors';
import type { DecodedSesSignature, SealVersion } from '../model';
import { decodeSesSignature } from '../signature-decode';
import { checkCertificateAt, readCertificate } from './certificate-at-time';
import { type LedgerSealStatus, checkLedgerStatus } from './ledger-status';
import type { CheckResult } from './report';
import { allPassed, failed, skipped } from './report';
import { runSealChecks } from './seal-steps';
import { type ProtectedContent, checkCertInSeal, checkDataHash, checkSignatureFormat, checkSignatureValue } from './signature-steps';
import { checkTimeStamp } from './timestamp-check';
import type { SealTrust } from './trust';

/**
 * Which time the certificates and the seal are judged at. "timeInfo" is the signer's own claim;
 * "timestamp" is the TSA's genTime; "external" is a time the caller establishes (e.g. a ledger anchor).
 */
export type SigningTimeSource = { kind: 'timeInfo' } | { kind: 'timestamp' } | { kind: 'external'; at: Date; label: string };

export type VerifySesSignatureOptions = ProtectedContent & {
  trust: SealTrust;
  /** Default: timeInfo. */
  signingTimeSource?: SigningTimeSource;
  /** The seal's standing from the ledger, or how to read it at the signing time once that is established. */
  ledgerStatus?: LedgerSealStatus | ((signingTime: Date) => LedgerSealStatus);
};

export interface SesSignatureVerificationReport {
  valid: boolean;
  version: SealVersion;
  esID: string;
  sealName: string;
  propertyInfo: string;
  signingTime: Date;
  signingTimeSource: string;
  checks: CheckResult[];
}

/**
 * Verify an SES_Signature with every check GB/T 38540 lists, in its order: signature format, signature
 * value, signer certificate at signing time, the embedded seal at signing time (format, maker signature,
 * maker certificate, validity), signer certificate listed in the seal, data hash, time-stamp, and the
 * ledger's seal status. Unreadable input throws SealError; verification outcomes never throw.
 */
export async function verifySesSignature(
  signature: Uint8Array | DecodedSesSignature,
  options: VerifySesSignatureOptions,
): Promise<SesSignatureVerificationReport> {
  requireProtectedContent(options);
  const sig = signature instanceof Uint8Array ? decodeSesSignature(signature) : signature;
  const { trust } = options;
  const checks: CheckResult[] = [checkSignatureFormat(sig)];

  // The time-stamp is examined first because it may supply the signing time every later check uses.
  const stamp =
    sig.timeStamp === undefined
      ? undefined
      : await checkTimeStamp('signature.timestamp', sig.timeStamp, sig.signatureValue, sig.timeInfo, trust);
  const time = resolveSigningTime(sig, options.signingTimeSource, stamp?.genTime);

  const signer = readCertificate(trust, sig.signerCert, 'signature.signer-certificate', 'the signer certificate');
  if ('error' in signer) {
    checks.push(checkSignatureValue(sig, undefined), signer.error);
  } else {
    checks.push(checkSignatureValue(sig, signer.view));
    checks.push(
      await checkCertificateAt(trust, signer.view, time.at, 'seal-signer', 'signature.signer-certificate', 'the signer certificate'),
    );
  }
  checks.push(...(await runSealChecks(sig.seal, time.at, trust)));
  checks.push(checkCertInSeal(sig));
  checks.push(checkDataHash(sig, options));
  checks.push(timeStampResult(stamp?.result, time.problem));
  const ledgerStatus = typeof options.ledgerStatus === 'function' ? options.ledgerStatus(time.at) : options.ledgerStatus;
  checks.push(checkLedgerStatus(ledgerStatus, time.at));

  return {
    valid: allPassed(checks),
    version: sig.version,
    esID: sig.seal.sealInfo.esID,
    sealName: sig.seal.sealInfo.property.name,
    propertyInfo: sig.propertyInfo,
    signingTime: time.at,
    signingTimeSource: time.label,
    checks,
  };
}

interface ResolvedTime {
  at: Date;
  label: string;
  /** Set when the requested source was unavailable and timeInfo was used instead. */
  problem?: string;
}

function resolveSigningTime(
  sig: DecodedSesSignature,
  source: SigningTimeSource = { kind: 'timeInfo' },
  genTime: Date | undefined,
): ResolvedTime {
  if (source.kind === 'external') return { at: source.at, label: source.label };
  if (source.kind === 'timestamp') {
    if (genTime !== undefined) return { at: genTime, label: 'timestamp' };
    const why = sig.timeStamp === undefined ? 'the signature carries no time-stamp' : 'the time-stamp is not usable';
    return { at: sig.timeInfo, label: 'timeInfo', problem: `signing time was to come from the time-stamp, but ${why}` };
  }
  return { at: sig.timeInfo, label: 'timeInfo' };
}

function timeStampResult(result: CheckResult | undefined, problem: string | undefined): CheckResult {
  if (result !== undefined && result.status === 'fail') return result;
  if (problem !== undefined) return failed('signature.timestamp', 'TIMESTAMP_INVALID', problem);
  return result ?? skipped('signature.timestamp', 'the signature carries no time-stamp');
}

/** Without the protected content the data-hash check cannot be made: a caller error, not a verification result. */
function requireProtectedContent(content: ProtectedContent): void {
  const bytes = 'protectedBytes' in content ? content.protectedBytes : 'dataHash' in content ? content.dataHash : undefined;
  if (!(bytes instanceof Uint8Array))
    throw new SealError('VALIDATION_FAILED', 'give protectedBytes or dataHash to verify the signature against');
}
