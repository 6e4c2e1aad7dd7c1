import { sm3 } from '../../crypto/sm3';
import { signCrl } from '../../x509/crl-builder';
import { localTbsSigner } from '../../x509/signer';
import { issueUnder, makeChain, makeRoot } from '../../x509/__tests__/pki-fixture';
import { PICTURE, PROTECTED } from '../__tests__/fixtures';
import { LocalSm2Signer } from '../../crypto/signer';
import { failures, statusOf } from '../__tests__/report-helpers';
import { makeSeal } from '../make-seal';
import { makeSesSignature } from '../make-signature';
import { verifySesSignature } from './verify-signature';
import { sealTrustFromX509, x509CertificateView } from './x509-trust';

const SIGNING = new Date('2026-06-01T08:00:00Z');

async function scenario() {
  const { root, issuing, leaf } = await makeChain();
  const maker = await issueUnder(issuing, { country: 'CN', organization: '测试制章机构', commonName: '制章' });
  const seal = await makeSeal({
    esID: '12010000000009',
    vid: 'x509-test',
    type: 1,
    name: '合同专用章',
    certs: [leaf.cert.der],
    createDate: new Date('2026-01-02T00:00:00Z'),
    validStart: new Date('2026-01-02T00:00:00Z'),
    validEnd: new Date('2026-12-31T00:00:00Z'),
    picture: PICTURE,
    makerCert: maker.cert.der,
    makerSigner: new LocalSm2Signer(maker.key),
  });
  const signature = await makeSesSignature({
    eseal: seal,
    timeInfo: SIGNING,
    dataHash: sm3(PROTECTED),
    propertyInfo: 'p',
    signerCert: leaf.cert.der,
    signer: new LocalSm2Signer(leaf.key),
  });
  const revokeLeafAt = (revokedAt: Date) =>
    signCrl(
      {
        issuer: issuing.cert.subject,
        thisUpdate: new Date('2026-06-15T00:00:00Z'),
        nextUpdate: new Date('2026-07-15T00:00:00Z'),
        crlNumber: 1n,
        authorityKeyIdentifier: issuing.cert.extensions.subjectKeyIdentifier!,
        entries: [{ serialNumber: leaf.cert.serialNumber, revokedAt, reason: 'keyCompromise' }],
      },
      localTbsSigner(issuing.key),
    );
  return { root, issuing, leaf, signature, revokeLeafAt };
}

describe("sealTrustFromX509 (the x509 module as the seal verifier's trust)", () => {
  it('views an X.509 certificate', async () => {
    const { leaf } = await scenario();
    const view = x509CertificateView(leaf.cert.der);
    expect(view.publicKey.equals(leaf.key.publicKey)).toBe(true);
    expect(view.serialHex).toBe(leaf.cert.serialHex);
  });

  it('verifies a seal signature through root -> issuing CA -> certificates', async () => {
    const { root, issuing, signature } = await scenario();
    const report = await verifySesSignature(signature, {
      protectedBytes: PROTECTED,
      trust: sealTrustFromX509({ trustAnchors: [root.cert], intermediates: [issuing.cert] }),
    });
    expect(failures(report)).toEqual([]);
    expect(statusOf(report, 'signature.signer-certificate').details?.pathLength).toBe(3);
  });

  it('a CRL revocation before signing fails CERT_REVOKED; after signing it passes as "revoked later"', async () => {
    const { root, issuing, signature, revokeLeafAt } = await scenario();
    const before = sealTrustFromX509({
      trustAnchors: [root.cert],
      intermediates: [issuing.cert],
      crls: [await revokeLeafAt(new Date('2026-05-01T00:00:00Z'))],
    });
    expect(failures(await verifySesSignature(signature, { protectedBytes: PROTECTED, trust: before }))).toEqual([
      'signature.signer-certificate:CERT_REVOKED',
    ]);
    const after = sealTrustFromX509({
      trustAnchors: [root.cert],
      intermediates: [issuing.cert],
      crls: [await revokeLeafAt(new Date('2026-06-10T00:00:00Z'))],
    });
    const report = await verifySesSignature(signature, { protectedBytes: PROTECTED, trust: after });
    expect(report.valid).toBe(true);
    expect(statusOf(report, 'signature.signer-certificate').message).toMatch(/revoked later/);
  });

  it('an unrelated root gives CERT_CHAIN_INVALID for both signer and maker', async () => {
    const { issuing, signature } = await scenario();
    const other = await makeRoot({ country: 'CN', commonName: '别的根CA' });
    const report = await verifySesSignature(signature, {
      protectedBytes: PROTECTED,
      trust: sealTrustFromX509({ trustAnchors: [other.cert], intermediates: [issuing.cert] }),
    });
    expect(failures(report)).toEqual(['signature.signer-certificate:CERT_CHAIN_INVALID', 'seal.maker-certificate:CERT_CHAIN_INVALID']);
  });
});
