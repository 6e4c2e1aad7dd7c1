import { Sm2PrivateKey } from '../crypto/sm2-keys';
import { type SealError, isSealError } from '../errors';
import { d } from './__tests__/pki-fixture';
import { Certificate } from './certificate';
import { Crl } from './crl';
import { DevelopmentCertificateAuthority } from './development-ca';
import { developmentCaStateFromJson, developmentCaStateToJson } from './development-ca-state';
import { X509Oid } from './oids';
import { verifyCertificateChain } from './verify/chain';

async function rejection(p: Promise<unknown>): Promise<SealError> {
  try {
    await p;
  } catch (e) {
    if (isSealError(e)) return e;
    throw new Error(`expected a SealError, got ${String(e)}`);
  }
  throw new Error('expected a rejection');
}

describe('DevelopmentCertificateAuthority', () => {
  let now = d('2026-03-01T08:00:00.123Z');
  const clock = () => now;
  let ca: DevelopmentCertificateAuthority;
  beforeAll(async () => {
    ca = await DevelopmentCertificateAuthority.create({ clock, crlDistributionPoints: ['http://pki.example/issuing.crl'] });
  });

  test('root is self-signed CA, issuing CA has pathLen 1, both SM2/SM3', () => {
    const [issuing, root] = ca.chain();
    expect(root.isSelfIssued).toBe(true);
    expect(root.extensions.basicConstraints).toEqual({ cA: true });
    expect(issuing.extensions.basicConstraints).toEqual({ cA: true, pathLenConstraint: 1 });
    for (const c of [root, issuing]) {
      expect(c.signatureAlgorithm.oid).toBe(X509Oid.sm2WithSm3);
      expect(c.extensions.keyUsage).toEqual(['keyCertSign', 'cRLSign']);
      expect(c.notBefore.toISOString()).toBe('2026-03-01T07:00:00.000Z');
    }
    expect(root.notAfter.getUTCFullYear()).toBe(2046);
    expect(issuing.notAfter.getUTCFullYear()).toBe(2036);
    expect(issuing.issuerText).toBe(root.subjectText);
  });

  test('issues seal, signer and ca profiles that verify against the root', async () => {
    for (const profile of ['seal', 'signer', 'ca'] as const) {
      const key = Sm2PrivateKey.generate();
      const cert = await ca.issue({
        subject: { country: 'CN', organization: '天津市某某局', commonName: `${profile} 证书` },
        publicKey: key.publicKey,
        notBefore: d('2026-03-01T07:30:00Z'),
        notAfter: d('2028-03-01T00:00:00Z'),
        profile,
      });
      expect(cert.sm2PublicKey().equals(key.publicKey)).toBe(true);
      expect(cert.extensions.crlDistributionPoints).toEqual(['http://pki.example/issuing.crl']);
      expect(cert.extensions.keyUsage).toEqual(profile === 'ca' ? ['keyCertSign', 'cRLSign'] : ['digitalSignature', 'nonRepudiation']);
      expect(cert.extensions.basicConstraints).toEqual(profile === 'ca' ? { cA: true, pathLenConstraint: 0 } : { cA: false });
      const result = verifyCertificateChain(cert, { intermediates: [ca.issuing], trustAnchors: [ca.root], at: d('2027-01-01T00:00:00Z') });
      expect(result.path).toHaveLength(3);
    }
  });

  test('request validation', async () => {
    const base = {
      subject: { commonName: 'x' },
      publicKey: Sm2PrivateKey.generate().publicKey,
      notBefore: d('2026-03-02T00:00:00Z'),
      notAfter: d('2027-03-02T00:00:00Z'),
      profile: 'seal' as const,
    };
    expect((await rejection(ca.issue({ ...base, notAfter: d('2040-01-01T00:00:00Z') }))).code).toBe('VALIDATION_FAILED');
    expect((await rejection(ca.issue({ ...base, notAfter: base.notBefore }))).code).toBe('VALIDATION_FAILED');
    expect((await rejection(ca.issue({ ...base, profile: 'timestamp' as never }))).code).toBe('VALIDATION_FAILED');
    expect((await rejection(ca.issue({ ...base, publicKey: { point: new Uint8Array(65) } as never }))).code).toBe('VALIDATION_FAILED');
    expect((await rejection(ca.issue({ ...base, notBefore: new Date('garbage') }))).code).toBe('VALIDATION_FAILED');
    expect((await rejection(ca.issue({ ...base, subject: {} }))).code).toBe('VALIDATION_FAILED');
  });

  test('revocation, CRL contents and CRL numbers', async () => {
    const leaf = await ca.issue({
      subject: { commonName: '法定名称章' },
      publicKey: Sm2PrivateKey.generate().publicKey,
      notBefore: d('2026-03-01T07:30:00Z'),
      notAfter: d('2027-03-01T00:00:00Z'),
      profile: 'seal',
    });
    const first = await ca.currentCrl();
    expect(first.version).toBe(2);
    expect(first.entries).toHaveLength(0);
    await ca.revoke(leaf.serialNumber, 'keyCompromise', d('2026-04-01T00:00:00.999Z'));
    await ca.revoke(leaf.serialNumber, 'superseded', d('2026-05-01T00:00:00Z')); // repeat: first record stands
    await ca.revoke(99n, 'unspecified', d('2026-04-02T00:00:00Z'));
    now = d('2026-04-10T00:00:00Z');
    const crl = Crl.fromDer((await ca.currentCrl()).der);
    expect(crl.crlNumber).toBe(first.crlNumber! + 1n);
    expect(crl.thisUpdate.toISOString()).toBe('2026-04-10T00:00:00.000Z');
    expect(crl.nextUpdate!.toISOString()).toBe('2026-04-17T00:00:00.000Z');
    expect(Buffer.from(crl.authorityKeyIdentifier!)).toEqual(Buffer.from(ca.issuing.extensions.subjectKeyIdentifier!));
    expect(crl.entryFor(leaf.serialNumber)).toEqual({
      serialNumber: leaf.serialNumber,
      revokedAt: d('2026-04-01T00:00:00Z'),
      reason: 'keyCompromise',
    });
    expect(crl.entryFor(99n)?.reason).toBe('unspecified');

    const chain = { intermediates: [ca.issuing], trustAnchors: [ca.root], crls: [crl] };
    expect(verifyCertificateChain(leaf, { ...chain, at: d('2026-03-15T00:00:00Z') }).revokedAfter?.reason).toBe('keyCompromise');
    await expect(async () => verifyCertificateChain(leaf, { ...chain, at: d('2026-04-05T00:00:00Z') })).rejects.toMatchObject({
      code: 'CERT_REVOKED',
    });

    expect((await rejection(ca.revoke(leaf.serialNumber, 'removeFromCRL', now))).code).toBe('INVALID_REVOCATION_REASON');
    expect((await rejection(ca.revoke(leaf.serialNumber, 'stolen' as never, now))).code).toBe('INVALID_REVOCATION_REASON');
    expect((await rejection(ca.revoke(0n, 'keyCompromise', now))).code).toBe('VALIDATION_FAILED');
  });

  test('a hold can become a permanent revocation', async () => {
    await ca.revoke(555n, 'certificateHold', d('2026-04-01T00:00:00Z'));
    await ca.revoke(555n, 'keyCompromise', d('2026-04-03T00:00:00Z'));
    expect(ca.revoked.find((r) => r.serialNumber === 555n)).toMatchObject({ reason: 'keyCompromise' });
  });

  test('state survives a JSON round trip and keeps issuing, revocations and CRL numbering', async () => {
    const before = await ca.currentCrl();
    const json = developmentCaStateToJson(ca.exportState());
    const restored = DevelopmentCertificateAuthority.fromState(developmentCaStateFromJson(json), { clock });
    expect(restored.root.equals(ca.root)).toBe(true);
    expect(restored.issuing.equals(ca.issuing)).toBe(true);
    const after = await restored.currentCrl();
    expect(after.crlNumber).toBe(before.crlNumber! + 1n);
    expect(after.entries.map((e) => e.serialNumber).sort()).toEqual(before.entries.map((e) => e.serialNumber).sort());
    const cert = await restored.issue({
      subject: { commonName: 'after restart' },
      publicKey: Sm2PrivateKey.generate().publicKey,
      notBefore: now,
      notAfter: d('2027-01-01T00:00:00Z'),
      profile: 'signer',
    });
    expect(() => verifyCertificateChain(cert, { intermediates: [ca.issuing], trustAnchors: [ca.root], at: now })).not.toThrow();
  });

  test('loading refuses mismatched keys and malformed state', async () => {
    const state = ca.exportState();
    const other = Sm2PrivateKey.generate().toPem();
    expect(() => DevelopmentCertificateAuthority.fromState({ ...state, issuingKeyPem: other })).toThrow(
      expect.objectContaining({ code: 'KEY_INVALID' }),
    );
    expect(() => DevelopmentCertificateAuthority.fromState({ ...state, rootKeyPem: 'not a key' })).toThrow(
      expect.objectContaining({ code: 'KEY_INVALID' }),
    );
    expect(() =>
      DevelopmentCertificateAuthority.fromState({
        ...state,
        issuingCertificateDer: state.rootCertificateDer,
        issuingKeyPem: state.rootKeyPem,
      }),
    ).not.toThrow();
    const another = await DevelopmentCertificateAuthority.create();
    const foreign = another.exportState();
    // Issuing CA from another hierarchy: its signature does not verify under this root.
    expect(() =>
      DevelopmentCertificateAuthority.fromState({
        ...state,
        issuingCertificateDer: foreign.issuingCertificateDer,
        issuingKeyPem: foreign.issuingKeyPem,
      }),
    ).toThrow(expect.objectContaining({ code: 'SIGNATURE_INVALID' }));
    for (const bad of [
      '{',
      '{}',
      JSON.stringify({ format: 'eseal-development-ca/1' }),
      developmentCaStateToJson(state).replace(/"lastCrlNumber": "\d+"/, '"lastCrlNumber": "-1"'),
    ]) {
      expect(() => developmentCaStateFromJson(bad)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    }
    expect(Certificate.fromDer(state.rootCertificateDer).equals(ca.root)).toBe(true);
  });
});
