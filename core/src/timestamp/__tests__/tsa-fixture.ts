/** TEST-ONLY: a development CA, a TSA certificate it issued, and tokens made with them. */
import { Sm2PrivateKey } from '../../crypto/sm2-keys';
import { sm3 } from '../../crypto/sm3';
import type { Certificate } from '../../x509/certificate';
import type { CertificateProfile } from '../../x509/certificate-authority';
import { DevelopmentCertificateAuthority } from '../../x509/development-ca';
import { localTbsSigner } from '../../x509/signer';
import { DEFAULT_TSA_POLICY, TspOid } from '../oids';
import { makeTimeStampToken } from '../token-make';

export interface TsaFixture {
  ca: DevelopmentCertificateAuthority;
  key: Sm2PrivateKey;
  certificate: Certificate;
  trust: { trustAnchors: Certificate[]; intermediates: Certificate[] };
  stamp(
    value: Uint8Array,
    options?: { genTime?: Date; key?: Sm2PrivateKey; serial?: bigint; includeCertificate?: boolean },
  ): Promise<Uint8Array>;
}

export async function tsaFixture(profile: CertificateProfile = 'tsa'): Promise<TsaFixture> {
  const ca = await DevelopmentCertificateAuthority.create();
  const key = Sm2PrivateKey.generate();
  const now = Date.now();
  const certificate = await ca.issue({
    subject: { country: 'CN', organization: '电子印章服务（开发）', commonName: '时间戳服务' },
    publicKey: key.publicKey,
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + 365 * 86400_000),
    profile,
  });
  const chain = ca.chain();
  return {
    ca,
    key,
    certificate,
    trust: { trustAnchors: [chain[chain.length - 1]!], intermediates: chain.slice(0, -1) },
    stamp: (value, options = {}) =>
      makeTimeStampToken({
        info: {
          policy: DEFAULT_TSA_POLICY,
          hashAlgorithm: TspOid.SM3,
          hashedMessage: sm3(value),
          serialNumber: options.serial ?? 7n,
          genTime: options.genTime ?? new Date(Math.floor(Date.now() / 1000) * 1000),
          accuracySeconds: 1,
          nonce: 0x1234567890n,
        },
        signer: localTbsSigner(options.key ?? key),
        certificate,
        includeCertificate: options.includeCertificate ?? true,
      }),
  };
}
