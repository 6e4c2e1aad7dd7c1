import { LocalSm2Signer, type CertificateAuthority } from '@eseal/core';
import type { StatusResponder } from '../usecases/evidence';
import { loadOrCreateSigningIdentity } from './signing-identity-file';

/** The key that signs public seal-status answers, certified by the CA like every service identity. */
export async function loadOrCreateStatusResponder(
  ca: CertificateAuthority,
  options: { dir?: string; kek: Uint8Array },
): Promise<StatusResponder> {
  const { key, certificate } = await loadOrCreateSigningIdentity(
    ca,
    {
      fileName: 'status-responder-identity.json',
      keyLabel: 'eseal/status-responder-key/v1',
      subject: { country: 'CN', organization: '电子印章服务（开发）', commonName: '电子印章状态应答' },
      validityYears: 5,
      what: 'status responder identity',
    },
    options,
  );
  return { signer: new LocalSm2Signer(key), certificateDer: certificate.der };
}
