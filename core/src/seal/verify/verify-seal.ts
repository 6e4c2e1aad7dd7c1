import type { DecodedSeal, SealVersion } from '../model';
import { decodeSeal } from '../seal-decode';
import type { CheckResult } from './report';
import { allPassed } from './report';
import { runSealChecks } from './seal-steps';
import type { SealTrust } from './trust';

export interface VerifySealOptions {
  /** The moment the seal is judged at (now, or a signing time). */
  at: Date;
  trust: SealTrust;
}

export interface SealVerificationReport {
  valid: boolean;
  version: SealVersion;
  esID: string;
  name: string;
  at: Date;
  checks: CheckResult[];
}

/**
 * Verify a seal: format, maker signature, maker certificate (chain, validity, revocation), validity window.
 * Unreadable input throws SealError; every verification outcome is a line in the report.
 */
export async function verifySeal(seal: Uint8Array | DecodedSeal, options: VerifySealOptions): Promise<SealVerificationReport> {
  const decoded = seal instanceof Uint8Array ? decodeSeal(seal) : seal;
  const checks = await runSealChecks(decoded, options.at, options.trust);
  return {
    valid: allPassed(checks),
    version: decoded.version,
    esID: decoded.sealInfo.esID,
    name: decoded.sealInfo.property.name,
    at: options.at,
    checks,
  };
}
