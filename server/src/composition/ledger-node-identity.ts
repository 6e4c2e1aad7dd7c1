import { LocalSm2Signer, type CertificateAuthority } from '@eseal/core';
import type { LedgerNodeIdentity } from '../ledger';
import { loadOrCreateSigningIdentity } from './signing-identity-file';

/**
 * The embedded ledger node's identity: the key that signs its block attestations and a certificate from
 * the CA, so a court holding only the CA certificate (or this certificate) checks proof bundles offline.
 */
export async function loadOrCreateLedgerNodeIdentity(
  ca: CertificateAuthority,
  options: { dir?: string; kek: Uint8Array },
): Promise<LedgerNodeIdentity> {
  const { key, certificate } = await loadOrCreateSigningIdentity(
    ca,
    {
      fileName: 'ledger-node-identity.json',
      keyLabel: 'eseal/ledger-node-key/v1',
      subject: { country: 'CN', organization: '电子印章服务（开发）', commonName: '电子印章嵌入式账本节点' },
      validityYears: 5,
      what: 'ledger node identity',
    },
    options,
  );
  return { signer: new LocalSm2Signer(key), certificateDer: certificate.der };
}
