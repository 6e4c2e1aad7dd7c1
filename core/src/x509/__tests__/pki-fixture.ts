import { Sm2PrivateKey } from '../../crypto/sm2-keys';
import type { Certificate } from '../certificate';
import { type CertificateTemplate, signCertificate } from '../certificate-builder';
import type { ExtensionsInput } from '../extensions';
import { keyIdentifier } from '../fingerprint';
import { type NameInput, encodeName } from '../name';
import { CA_USAGES, SIGNING_USAGES } from '../profiles';
import { randomSerialNumber } from '../serial-number';
import { localTbsSigner } from '../signer';
import type { Crl } from '../crl';
import { signCrl } from '../crl-builder';
import type { RevocationReason } from '../revocation-reason';

/** A CA with its key, for building hand-made (including deliberately broken) certificate chains. */
export interface TestCa {
  readonly cert: Certificate;
  readonly key: Sm2PrivateKey;
}

export const d = (iso: string) => new Date(iso);

export async function makeRoot(
  name: NameInput = { country: 'CN', commonName: '测试根CA' },
  overrides: Partial<CertificateTemplate> = {},
): Promise<TestCa> {
  const key = Sm2PrivateKey.generate();
  const subject = encodeName(name);
  const kid = keyIdentifier(key.publicKey);
  const cert = await signCertificate(
    {
      serialNumber: randomSerialNumber(),
      issuer: subject,
      subject,
      notBefore: d('2020-01-01T00:00:00Z'),
      notAfter: d('2040-01-01T00:00:00Z'),
      publicKey: key.publicKey,
      extensions: { basicConstraints: { cA: true }, keyUsage: CA_USAGES, subjectKeyIdentifier: kid, authorityKeyIdentifier: kid },
      ...overrides,
    },
    localTbsSigner(key),
  );
  return { cert, key };
}

/** Issue a certificate under `issuer`; every field can be overridden to build a broken one. */
export async function issueUnder(
  issuer: TestCa,
  name: NameInput,
  options: {
    ca?: boolean;
    extensions?: ExtensionsInput;
    key?: Sm2PrivateKey;
    signingKey?: Sm2PrivateKey;
  } & Partial<CertificateTemplate> = {},
): Promise<TestCa> {
  const key = options.key ?? Sm2PrivateKey.generate();
  const extensions: ExtensionsInput = options.extensions ?? {
    basicConstraints: options.ca ? { cA: true } : { cA: false },
    keyUsage: options.ca ? CA_USAGES : SIGNING_USAGES,
    subjectKeyIdentifier: keyIdentifier(key.publicKey),
    authorityKeyIdentifier: issuer.cert.extensions.subjectKeyIdentifier,
  };
  const cert = await signCertificate(
    {
      serialNumber: options.serialNumber ?? randomSerialNumber(),
      issuer: options.issuer ?? issuer.cert.subject,
      subject: options.subject ?? encodeName(name),
      notBefore: options.notBefore ?? (options.ca ? d('2021-01-01T00:00:00Z') : d('2026-01-01T00:00:00Z')),
      notAfter: options.notAfter ?? (options.ca ? d('2035-01-01T00:00:00Z') : d('2027-01-01T00:00:00Z')),
      publicKey: key.publicKey,
      extensions,
    },
    localTbsSigner(options.signingKey ?? issuer.key),
  );
  return { cert, key };
}

/** root -> issuing CA -> seal certificate, all valid throughout 2026. */
export async function makeChain(): Promise<{ root: TestCa; issuing: TestCa; leaf: TestCa }> {
  const root = await makeRoot();
  const issuing = await issueUnder(root, { country: 'CN', organization: '测试', commonName: '测试签发CA' }, { ca: true });
  const leaf = await issueUnder(issuing, {
    country: 'CN',
    organization: '天津某某有限公司',
    commonName: '合同专用章',
    serialNumber: '91120000MA05ABCD1X',
  });
  return { root, issuing, leaf };
}

/**
 * A CRL of `ca` listing `revoked` (none by default), issued a day ago and valid for `validDays`: lets
 * a verifier establish revocation status instead of reporting it unknown.
 */
export async function crlOf(
  ca: TestCa,
  revoked: { serialNumber: bigint; revokedAt: Date; reason: RevocationReason }[] = [],
  validDays = 400,
): Promise<Crl> {
  const now = Date.now();
  return signCrl(
    {
      issuer: ca.cert.subject,
      thisUpdate: new Date(now - 86_400_000),
      nextUpdate: new Date(now + validDays * 86_400_000),
      crlNumber: BigInt(now),
      authorityKeyIdentifier: keyIdentifier(ca.key.publicKey),
      entries: revoked,
    },
    localTbsSigner(ca.key),
  );
}
