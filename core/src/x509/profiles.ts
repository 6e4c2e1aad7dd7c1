import { SealError } from '../errors';
import type { CertificateProfile } from './certificate-authority';
import type { ExtensionsInput } from './extensions';
import type { KeyUsage } from './key-usage';
import { ExtendedKeyUsageOid } from './oids';

/** Extensions each profile gets. Key identifiers and CRL distribution points are added by the CA. */
export function profileExtensions(profile: CertificateProfile, extendedKeyUsage: readonly string[] = []): ExtensionsInput {
  const eku = extendedKeyUsage.length > 0 ? { extendedKeyUsage } : {};
  switch (profile) {
    case 'seal':
    case 'signer':
      return { basicConstraints: { cA: false }, keyUsage: SIGNING_USAGES, ...eku };
    case 'tsa':
      return { basicConstraints: { cA: false }, keyUsage: SIGNING_USAGES, extendedKeyUsage: [ExtendedKeyUsageOid.timeStamping] };
    case 'ca':
      // Under the issuing CA, a sub-CA may only issue end-entity certificates.
      return { basicConstraints: { cA: true, pathLenConstraint: 0 }, keyUsage: CA_USAGES, ...eku };
    default:
      throw new SealError('VALIDATION_FAILED', `unknown certificate profile ${String(profile)}`);
  }
}

/** digitalSignature|nonRepudiation: a seal signature is an act the holder cannot later deny. */
export const SIGNING_USAGES: readonly KeyUsage[] = ['digitalSignature', 'nonRepudiation'];
export const CA_USAGES: readonly KeyUsage[] = ['keyCertSign', 'cRLSign'];
