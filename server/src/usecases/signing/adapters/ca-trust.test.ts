import { DevelopmentCertificateAuthority, Sm2PrivateKey } from '@eseal/core';
import { tsaFixture } from '../../../../../core/src/timestamp/__tests__/tsa-fixture';
import { trustFromCertificateAuthority } from './ca-trust';

const DAY = 86_400_000;

describe('trustFromCertificateAuthority', () => {
  it('trusts its own certificates inside their validity, reuses verdicts, and sees a revocation after the CRL refresh', async () => {
    const ca = await DevelopmentCertificateAuthority.create();
    const now = Math.ceil(Date.now() / 1000) * 1000 + 2000; // the development CA starts now
    const cert = await ca.issue({
      subject: { country: 'CN', commonName: 'seal' },
      publicKey: Sm2PrivateKey.generate().publicKey,
      notBefore: new Date(now),
      notAfter: new Date(now + 30 * DAY),
      profile: 'seal',
    });
    let clock = now;
    const trust = trustFromCertificateAuthority(ca, { crlMaxAgeMs: 1000, clock: () => clock });

    expect((await trust.checkCertificate(cert.der, new Date(now + 1000), 'seal-signer')).status).toBe('trusted');
    expect((await trust.checkCertificate(cert.der, new Date(now + DAY), 'seal-signer')).status).toBe('trusted'); // reused verdict
    // Outside the certificate's window the cached verdict must not answer.
    expect((await trust.checkCertificate(cert.der, new Date(now + 40 * DAY), 'seal-signer')).status).toBe('untrusted');

    await ca.revoke(BigInt(`0x${cert.serialHex}`), 'keyCompromise', new Date(now + 2 * DAY));
    expect((await trust.checkCertificate(cert.der, new Date(now + 3 * DAY), 'seal-signer')).status).toBe('trusted'); // old CRL still in force
    clock += 2000;
    const afterRevocation = await trust.checkCertificate(cert.der, new Date(now + 3 * DAY), 'seal-signer');
    expect(afterRevocation.status).toBe('untrusted');
    const beforeRevocation = await trust.checkCertificate(cert.der, new Date(now + DAY), 'seal-signer');
    expect(beforeRevocation.status).toBe('revoked'); // revoked later than this signing time: reported with its date
  });

  it('does not trust a certificate from another CA', async () => {
    const ours = await DevelopmentCertificateAuthority.create();
    const theirs = await DevelopmentCertificateAuthority.create();
    const now = Math.ceil(Date.now() / 1000) * 1000 + 2000; // the development CA starts now
    const foreign = await theirs.issue({
      subject: { country: 'CN', commonName: 'x' },
      publicKey: Sm2PrivateKey.generate().publicKey,
      notBefore: new Date(now),
      notAfter: new Date(now + DAY),
      profile: 'seal',
    });
    expect((await trustFromCertificateAuthority(ours).checkCertificate(foreign.der, new Date(now + 1000), 'seal-signer')).status).toBe(
      'untrusted',
    );
  });

  it('parses a certificate once and hands each caller its own copy; unparsable bytes fail every time', async () => {
    const ca = await DevelopmentCertificateAuthority.create();
    const now = Math.ceil(Date.now() / 1000) * 1000 + 2000;
    const cert = await ca.issue({
      subject: { country: 'CN', commonName: 'seal' },
      publicKey: Sm2PrivateKey.generate().publicKey,
      notBefore: new Date(now),
      notAfter: new Date(now + DAY),
      profile: 'seal',
    });
    const trust = trustFromCertificateAuthority(ca);
    const first = trust.parseCertificate(cert.der);
    first.notAfter.setTime(0);
    first.der[0] = 0;
    const second = trust.parseCertificate(cert.der);
    expect(second.notAfter.getTime()).toBe(now + DAY);
    expect([...second.der]).toEqual([...cert.der]);
    expect(second.serialHex).toBe(cert.serialHex);
    expect(() => trust.parseCertificate(new Uint8Array([0x30, 0x03, 1, 2, 3]))).toThrow();
    expect(() => trust.parseCertificate(new Uint8Array([0x30, 0x03, 1, 2, 3]))).toThrow();
  });

  it('checks time-stamp tokens against its own CA, or against the TSA CA it is given (TSA_CA_FILE)', async () => {
    const own = await tsaFixture();
    const foreign = await tsaFixture();
    const value = new Uint8Array([1, 2, 3]);
    const ownToken = await own.stamp(value);
    const foreignToken = await foreign.stamp(value);
    const trust = trustFromCertificateAuthority(own.ca);
    expect(await trust.verifyTimeStampToken!(ownToken)).toMatchObject({ ok: true });
    expect(await trust.verifyTimeStampToken!(foreignToken)).toMatchObject({ ok: false, code: 'TIMESTAMP_CERT_INVALID' });
    const withTsaCa = trustFromCertificateAuthority(own.ca, { timeStampCa: foreign.ca.chain() });
    expect(await withTsaCa.verifyTimeStampToken!(foreignToken)).toMatchObject({ ok: true });
  });
});
