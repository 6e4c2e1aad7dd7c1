import { sm2SignDigest } from '../crypto/sm2';
import { Sm2PrivateKey } from '../crypto/sm2-keys';
import { d, issueUnder, makeChain } from './__tests__/pki-fixture';
import { SigningCertificateAuthority } from './signing-ca';
import { localTbsSigner, tbsSignerFromDigestSigner } from './signer';
import { verifyCertificateChain } from './verify/chain';

describe('SigningCertificateAuthority: the issuing key behind a signer interface', () => {
  let pki: Awaited<ReturnType<typeof makeChain>>;
  beforeAll(async () => {
    pki = await makeChain();
  });
  const request = () => ({
    subject: { commonName: '财务专用章' },
    publicKey: Sm2PrivateKey.generate().publicKey,
    notBefore: d('2026-01-01T00:00:00Z'),
    notAfter: d('2027-01-01T00:00:00Z'),
    profile: 'seal' as const,
  });

  test('an HSM-style digest signer issues certificates and CRLs that verify', async () => {
    // The "HSM" only ever sees e = SM3(Z_A || TBS), never the key object of the CA code.
    const hsm = { publicKey: pki.issuing.key.publicKey, signDigest: async (e: Uint8Array) => sm2SignDigest(pki.issuing.key, e) };
    const ca = new SigningCertificateAuthority({
      issuing: pki.issuing.cert,
      parents: [pki.root.cert],
      signer: tbsSignerFromDigestSigner(hsm),
      clock: () => d('2026-02-01T00:00:00Z'),
    });
    const cert = await ca.issue(request());
    await ca.revoke(cert.serialNumber, 'cessationOfOperation', d('2026-03-01T00:00:00Z'));
    const crl = await ca.currentCrl();
    expect(crl.crlNumber).toBe(1n);
    expect(ca.lastCrlNumber).toBe(1n);
    expect(ca.chain().map((c) => c.subjectText)).toEqual([pki.issuing.cert.subjectText, pki.root.cert.subjectText]);
    const result = verifyCertificateChain(cert, {
      intermediates: [pki.issuing.cert],
      trustAnchors: [pki.root.cert],
      at: d('2026-02-15T00:00:00Z'),
      crls: [crl],
    });
    expect(result.revokedAfter?.reason).toBe('cessationOfOperation');
  });

  test('a signer using another SM2 user ID is caught before anything is handed out (INTERNAL)', async () => {
    const wrongId = localTbsSigner(pki.issuing.key, { userId: new Uint8Array(0) });
    const ca = new SigningCertificateAuthority({ issuing: pki.issuing.cert, parents: [pki.root.cert], signer: wrongId });
    await expect(ca.issue(request())).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(ca.currentCrl()).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(ca.lastCrlNumber).toBe(0n);
  });

  test('configuration is checked: signer key must match, issuing certificate must be a CA', () => {
    expect(
      () => new SigningCertificateAuthority({ issuing: pki.issuing.cert, parents: [], signer: localTbsSigner(Sm2PrivateKey.generate()) }),
    ).toThrow(expect.objectContaining({ code: 'KEY_INVALID' }));
    expect(() => new SigningCertificateAuthority({ issuing: pki.leaf.cert, parents: [], signer: localTbsSigner(pki.leaf.key) })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
    expect(
      () =>
        new SigningCertificateAuthority({
          issuing: pki.issuing.cert,
          parents: [],
          signer: localTbsSigner(pki.issuing.key),
          crlValidityMs: 0,
        }),
    ).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  test('a CA certificate lacking cRLSign cannot back a CA', async () => {
    const key = Sm2PrivateKey.generate();
    const noCrlSign = await issueUnder(
      pki.root,
      { commonName: 'no crl' },
      { key, extensions: { basicConstraints: { cA: true }, keyUsage: ['keyCertSign'] } },
    );
    expect(
      () => new SigningCertificateAuthority({ issuing: noCrlSign.cert, parents: [pki.root.cert], signer: localTbsSigner(key) }),
    ).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
