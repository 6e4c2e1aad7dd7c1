import { LocalSm2Signer, type CertificateAuthority } from '@eseal/core';
import type { MakerIdentity } from '../usecases/seals';
import { loadOrCreateSigningIdentity } from './signing-identity-file';

/** The maker's signing key and certificate, kept like every service identity (signing-identity-file.ts). */
export async function loadOrCreateMakerIdentity(
  ca: CertificateAuthority,
  options: { dir?: string; kek: Uint8Array; makerId: string },
): Promise<MakerIdentity> {
  const { key, certificate } = await loadOrCreateSigningIdentity(
    ca,
    {
      fileName: 'maker-identity.json',
      keyLabel: 'eseal/maker-key/v1',
      subject: { country: 'CN', organization: '电子印章制作机构（开发）', commonName: `电子印章制作 ${options.makerId}` },
      validityYears: 5,
      what: 'maker identity',
    },
    options,
  );
  return { makerId: options.makerId, certificateDer: certificate.der, signer: new LocalSm2Signer(key) };
}
