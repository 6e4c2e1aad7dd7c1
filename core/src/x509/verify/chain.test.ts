import { der, parseDer } from '../../asn1';
import { SM2_WITH_SM3, encodeAlgorithm } from '../algorithm';
import { encodeTbsCertificate } from '../certificate-builder';
import { Sm2PrivateKey } from '../../crypto/sm2-keys';
import { type SealError, isSealError } from '../../errors';
import { d, issueUnder, makeChain, makeRoot } from '../__tests__/pki-fixture';
import { Certificate } from '../certificate';
import { signCrl } from '../crl-builder';
import { encodeExtension } from '../extensions';
import { keyIdentifier } from '../fingerprint';
import { localTbsSigner } from '../signer';
import { type ChainVerificationOptions, verifyCertificateChain } from './chain';
import { assertCrlIssuedBy } from './revocation';

const AT = d('2026-06-01T00:00:00Z');

function failure(fn: () => unknown): SealError {
  try {
    fn();
  } catch (e) {
    if (isSealError(e)) return e;
    throw new Error(`expected a SealError, got ${String(e)}`);
  }
  throw new Error('expected verification to fail');
}

describe('verifyCertificateChain', () => {
  let pki: Awaited<ReturnType<typeof makeChain>>;
  let opts: ChainVerificationOptions;
  beforeAll(async () => {
    pki = await makeChain();
    opts = { intermediates: [pki.issuing.cert], trustAnchors: [pki.root.cert], at: AT };
  });

  test('valid chain: path leaf -> issuing -> root, revocation unknown without CRLs', () => {
    const result = verifyCertificateChain(pki.leaf.cert, opts);
    expect(result.path.map((c) => c.subjectText)).toEqual([pki.leaf.cert, pki.issuing.cert, pki.root.cert].map((c) => c.subjectText));
    expect(result.trustAnchor.equals(pki.root.cert)).toBe(true);
    expect(result.revocation.map((r) => r.status)).toEqual(['unknown', 'unknown']);
    expect(result.revokedAfter).toBeUndefined();
  });

  test('tampered TBS -> SIGNATURE_INVALID', () => {
    const der = Buffer.from(pki.leaf.cert.der);
    const cn = der.indexOf(Buffer.from('合同专用章'));
    der.write('财务', cn); // same byte length, still valid UTF-8
    const tampered = Certificate.fromDer(der);
    const err = failure(() => verifyCertificateChain(tampered, opts));
    expect(err.code).toBe('SIGNATURE_INVALID');
    expect(err.details).toMatchObject({ depth: 0 });
  });

  test("signed by a key other than the issuer's -> SIGNATURE_INVALID", async () => {
    const forged = await issueUnder(pki.issuing, { commonName: 'forged' }, { signingKey: Sm2PrivateKey.generate() });
    expect(failure(() => verifyCertificateChain(forged.cert, opts)).code).toBe('SIGNATURE_INVALID');
  });

  test('validity is judged at `at`, not now', () => {
    expect(failure(() => verifyCertificateChain(pki.leaf.cert, { ...opts, at: d('2027-01-01T00:00:01Z') })).code).toBe('CERT_EXPIRED');
    expect(failure(() => verifyCertificateChain(pki.leaf.cert, { ...opts, at: d('2025-12-31T23:59:59Z') })).code).toBe(
      'CERT_NOT_YET_VALID',
    );
    // The edges are inclusive (RFC 5280 4.1.2.5).
    expect(() => verifyCertificateChain(pki.leaf.cert, { ...opts, at: d('2027-01-01T00:00:00Z') })).not.toThrow();
    expect(() => verifyCertificateChain(pki.leaf.cert, { ...opts, at: d('2026-01-01T00:00:00Z') })).not.toThrow();
  });

  test('an intermediate expired at `at` fails the chain', async () => {
    const shortCa = await issueUnder(pki.root, { commonName: '短期CA' }, { ca: true, notAfter: d('2026-03-01T00:00:00Z') });
    const leaf = await issueUnder(shortCa, { commonName: 'leaf' }, { notAfter: d('2026-02-01T00:00:00Z') });
    const o = { ...opts, intermediates: [shortCa.cert] };
    expect(() => verifyCertificateChain(leaf.cert, { ...o, at: d('2026-01-15T00:00:00Z') })).not.toThrow();
    const err = failure(() => verifyCertificateChain(leaf.cert, { ...o, at: d('2026-02-15T00:00:00Z') }));
    expect(err.code).toBe('CERT_EXPIRED');
    expect(err.details).toMatchObject({ depth: 0 });
  });

  test('missing intermediate or unknown root -> CERT_CHAIN_INVALID', async () => {
    expect(failure(() => verifyCertificateChain(pki.leaf.cert, { ...opts, intermediates: [] })).details).toMatchObject({
      reason: 'NO_PATH_TO_TRUST_ANCHOR',
    });
    const other = await makeRoot({ commonName: '其他根' });
    expect(failure(() => verifyCertificateChain(pki.leaf.cert, { ...opts, trustAnchors: [other.cert] })).code).toBe('CERT_CHAIN_INVALID');
  });

  test('a root with the same name but another key does not anchor the chain', async () => {
    const impostor = await makeRoot(); // same default name as the real root, different key and SKI
    const err = failure(() => verifyCertificateChain(pki.leaf.cert, { ...opts, trustAnchors: [impostor.cert] }));
    expect(err.code).toBe('CERT_CHAIN_INVALID');
  });

  test('impostor root without key identifiers is caught by the signature check', async () => {
    // Same name as the real root and no subjectKeyIdentifier: path building accepts it, only the signature can tell.
    const impostor = await makeRoot(undefined, { extensions: { basicConstraints: { cA: true } } });
    const err = failure(() => verifyCertificateChain(pki.issuing.cert, { trustAnchors: [impostor.cert], at: AT }));
    expect(err.code).toBe('SIGNATURE_INVALID');
  });

  test('CA without keyCertSign -> CERT_CHAIN_INVALID KEY_CERT_SIGN_MISSING', async () => {
    const key = Sm2PrivateKey.generate();
    const weakCa = await issueUnder(
      pki.root,
      { commonName: '无签发权CA' },
      {
        ca: true,
        key,
        extensions: {
          basicConstraints: { cA: true },
          keyUsage: ['digitalSignature', 'cRLSign'],
          subjectKeyIdentifier: keyIdentifier(key.publicKey),
        },
      },
    );
    const leaf = await issueUnder(weakCa, { commonName: 'leaf' });
    const err = failure(() => verifyCertificateChain(leaf.cert, { ...opts, intermediates: [weakCa.cert] }));
    expect(err.code).toBe('CERT_CHAIN_INVALID');
    expect(err.details).toMatchObject({ reason: 'KEY_CERT_SIGN_MISSING', depth: 1 });
  });

  test('seal certificate used as a CA -> CERT_CHAIN_INVALID ISSUER_NOT_CA', async () => {
    const child = await issueUnder(pki.leaf, { commonName: '冒用签发' });
    const err = failure(() => verifyCertificateChain(child.cert, { ...opts, intermediates: [pki.issuing.cert, pki.leaf.cert] }));
    expect(err.code).toBe('CERT_CHAIN_INVALID');
    expect(err.details).toMatchObject({ reason: 'ISSUER_NOT_CA', depth: 1 });
  });

  test('a CA certificate without basicConstraints is not a CA', async () => {
    const key = Sm2PrivateKey.generate();
    const noBc = await issueUnder(pki.root, { commonName: 'noBC' }, { key, extensions: { keyUsage: ['keyCertSign'] } });
    const leaf = await issueUnder(noBc, { commonName: 'leaf' });
    expect(failure(() => verifyCertificateChain(leaf.cert, { ...opts, intermediates: [noBc.cert] })).details).toMatchObject({
      reason: 'ISSUER_NOT_CA',
    });
  });

  test('pathLenConstraint 0 forbids a sub-CA below', async () => {
    const key = Sm2PrivateKey.generate();
    const ca0 = await issueUnder(
      pki.root,
      { commonName: 'pathlen0' },
      {
        ca: true,
        key,
        extensions: { basicConstraints: { cA: true, pathLenConstraint: 0 }, keyUsage: ['keyCertSign'] },
      },
    );
    const sub = await issueUnder(
      ca0,
      { commonName: 'sub' },
      { ca: true, extensions: { basicConstraints: { cA: true }, keyUsage: ['keyCertSign'] } },
    );
    const leaf = await issueUnder(sub, { commonName: 'leaf' }, { extensions: { keyUsage: ['digitalSignature'] } });
    const err = failure(() => verifyCertificateChain(leaf.cert, { ...opts, intermediates: [ca0.cert, sub.cert] }));
    expect(err.details).toMatchObject({ reason: 'PATH_LENGTH_EXCEEDED', depth: 2 });
    const direct = await issueUnder(ca0, { commonName: 'direct' }, { extensions: { keyUsage: ['digitalSignature'] } });
    expect(() => verifyCertificateChain(direct.cert, { ...opts, intermediates: [ca0.cert] })).not.toThrow();
  });

  test('unknown critical extension -> CERT_INVALID', async () => {
    // Build a leaf whose TBS carries an unknown critical extension by hand.
    const key = Sm2PrivateKey.generate();
    const tbs = parseDer(
      encodeTbsCertificate({
        serialNumber: 7n,
        issuer: pki.issuing.cert.subject,
        subject: pki.leaf.cert.subject,
        notBefore: d('2026-01-01T00:00:00Z'),
        notAfter: d('2027-01-01T00:00:00Z'),
        publicKey: key.publicKey,
        extensions: {},
      }),
    );
    const ext = der.explicit(3, der.seq(encodeExtension('1.2.3.4.5', true, der.nullValue())));
    const withExt = der.seq(...tbs.children.map((c) => c.raw), ext);
    const sig = await localTbsSigner(pki.issuing.key).sign(withExt);
    const cert = Certificate.fromDer(der.seq(withExt, encodeAlgorithm(SM2_WITH_SM3), der.bitString(sig)));
    const err = failure(() => verifyCertificateChain(cert, opts));
    expect(err.code).toBe('CERT_INVALID');
    expect(err.details).toMatchObject({ reason: 'UNHANDLED_CRITICAL_EXTENSION', extension: '1.2.3.4.5' });
  });

  test('requiredKeyUsage is enforced on the leaf', () => {
    expect(() => verifyCertificateChain(pki.leaf.cert, { ...opts, requiredKeyUsage: ['nonRepudiation'] })).not.toThrow();
    const err = failure(() => verifyCertificateChain(pki.leaf.cert, { ...opts, requiredKeyUsage: ['keyEncipherment'] }));
    expect(err.code).toBe('CERT_INVALID');
    expect(err.details).toMatchObject({ reason: 'KEY_USAGE' });
  });

  test('bad options -> VALIDATION_FAILED', () => {
    expect(failure(() => verifyCertificateChain(pki.leaf.cert, { ...opts, at: new Date(NaN) })).code).toBe('VALIDATION_FAILED');
    expect(failure(() => verifyCertificateChain(pki.leaf.cert, { ...opts, trustAnchors: [] })).code).toBe('VALIDATION_FAILED');
  });

  test('a leaf that is itself a trust anchor verifies as a one-element path', () => {
    const result = verifyCertificateChain(pki.root.cert, { trustAnchors: [pki.root.cert], at: AT });
    expect(result.path).toHaveLength(1);
  });

  describe('revocation', () => {
    const crlFor = (
      entries: { serialNumber: bigint; revokedAt: Date; reason: 'keyCompromise' | 'superseded' }[],
      thisUpdate = d('2026-07-01T00:00:00Z'),
      key?: Sm2PrivateKey,
    ) =>
      signCrl(
        {
          issuer: pki.issuing.cert.subject,
          thisUpdate,
          nextUpdate: new Date(thisUpdate.getTime() + 7 * 86400_000),
          crlNumber: 3n,
          authorityKeyIdentifier: pki.issuing.cert.extensions.subjectKeyIdentifier!,
          entries,
        },
        localTbsSigner(key ?? pki.issuing.key),
      );

    test('revoked before `at` -> CERT_REVOKED with time and reason', async () => {
      const crl = await crlFor([
        { serialNumber: pki.leaf.cert.serialNumber, revokedAt: d('2026-05-01T00:00:00Z'), reason: 'keyCompromise' },
      ]);
      const err = failure(() => verifyCertificateChain(pki.leaf.cert, { ...opts, crls: [crl] }));
      expect(err.code).toBe('CERT_REVOKED');
      expect(err.details).toMatchObject({ revokedAt: '2026-05-01T00:00:00.000Z', reason: 'keyCompromise', depth: 0 });
    });

    test('revoked after `at` -> valid, revocation reported', async () => {
      const crl = await crlFor([{ serialNumber: pki.leaf.cert.serialNumber, revokedAt: d('2026-06-15T00:00:00Z'), reason: 'superseded' }]);
      const result = verifyCertificateChain(pki.leaf.cert, { ...opts, crls: [crl] });
      expect(result.revokedAfter).toEqual({
        depth: 0,
        serialNumber: pki.leaf.cert.serialNumber,
        revokedAt: d('2026-06-15T00:00:00Z'),
        reason: 'superseded',
      });
      expect(result.revocation[0]).toMatchObject({ status: 'revoked-after', crlNumber: 3n });
    });

    test('not listed -> good; issuing CA without a root CRL -> unknown', async () => {
      const crl = await crlFor([{ serialNumber: 12345n, revokedAt: d('2026-05-01T00:00:00Z'), reason: 'keyCompromise' }]);
      const result = verifyCertificateChain(pki.leaf.cert, { ...opts, crls: [crl] });
      expect(result.revocation.map((r) => r.status)).toEqual(['good', 'unknown']);
      const err = failure(() => verifyCertificateChain(pki.leaf.cert, { ...opts, crls: [crl], requireRevocationCheck: true }));
      expect(err.code).toBe('CERT_CHAIN_INVALID');
      expect(err.details).toMatchObject({ reason: 'REVOCATION_UNKNOWN', depth: 1, why: 'NO_CRL' });
    });

    test('a CRL that expired before `at` does not vouch for it', async () => {
      const old = await crlFor([], d('2026-03-01T00:00:00Z'));
      const result = verifyCertificateChain(pki.leaf.cert, { ...opts, crls: [old] });
      expect(result.revocation[0]).toMatchObject({ status: 'unknown', why: 'CRL_DOES_NOT_COVER_TIME' });
    });

    test('assertCrlIssuedBy: right issuer passes, another CA is CERT_CHAIN_INVALID', async () => {
      const crl = await crlFor([]);
      expect(() => assertCrlIssuedBy(crl, pki.issuing.cert)).not.toThrow();
      const err = failure(() => assertCrlIssuedBy(crl, pki.root.cert));
      expect(err.code).toBe('CERT_CHAIN_INVALID');
      expect(err.details).toMatchObject({ reason: 'CRL_ISSUER_MISMATCH' });
    });

    test('a CRL with a bad signature -> SIGNATURE_INVALID', async () => {
      const forged = await crlFor([], undefined, Sm2PrivateKey.generate());
      const err = failure(() => verifyCertificateChain(pki.leaf.cert, { ...opts, crls: [forged] }));
      expect(err.code).toBe('SIGNATURE_INVALID');
      expect(err.details).toMatchObject({ object: 'crl' });
    });
  });
});
