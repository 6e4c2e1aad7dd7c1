import { LocalSm2Signer, type CertificateAuthority } from '@eseal/core';
import type { ArchiveSigner } from '@eseal/core';
import { loadOrCreateSigningIdentity } from './signing-identity-file';

/** The key that signs archive packages (归档), certified by the CA like every service identity. */
export async function loadOrCreateArchiveSigner(
  ca: CertificateAuthority,
  options: { dir?: string; kek: Uint8Array },
): Promise<ArchiveSigner> {
  const { key, certificate } = await loadOrCreateSigningIdentity(
    ca,
    {
      fileName: 'archive-signer-identity.json',
      keyLabel: 'eseal/archive-signer-key/v1',
      subject: { country: 'CN', organization: '电子印章服务（开发）', commonName: '电子印章归档服务' },
      validityYears: 5,
      what: 'archive signer identity',
    },
    options,
  );
  return { signer: new LocalSm2Signer(key), certificates: [certificate.der, ...ca.chain().map((c) => c.der)] };
}
