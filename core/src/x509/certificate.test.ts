import { Tag, der, parseDer } from '../asn1';
import { sm3 } from '../crypto/sm3';
import { Sm2PrivateKey } from '../crypto/sm2-keys';
import { isSealError } from '../errors';
import { d, makeChain, makeRoot } from './__tests__/pki-fixture';
import { Certificate } from './certificate';
import { encodeTbsCertificate, signCertificate } from './certificate-builder';
import { certificateSm3, keyIdentifier } from './fingerprint';
import { encodeKeyUsage, decodeKeyUsage } from './key-usage';
import { encodeName, nameAttribute, nameToString, namesMatch, parseName } from './name';
import { X509Oid, ExtendedKeyUsageOid } from './oids';
import { fromPem, fromPemAll, toPem } from './pem';
import { randomSerialNumber } from './serial-number';
import { localTbsSigner } from './signer';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isSealError(e) ? e.code : `not a SealError: ${String(e)}`;
  }
  return undefined;
}

describe('certificate encode and parse', () => {
  test('round trip keeps every field, Chinese names and the exact TBS bytes', async () => {
    const { issuing, leaf } = await makeChain();
    const cert = Certificate.fromDer(leaf.cert.der);
    expect(cert.version).toBe(3);
    expect(cert.signatureAlgorithm).toEqual({ oid: X509Oid.sm2WithSm3 });
    expect(nameAttribute(cert.subject, X509Oid.organization)).toBe('天津某某有限公司');
    expect(nameAttribute(cert.subject, X509Oid.serialNumber)).toBe('91120000MA05ABCD1X');
    expect(cert.subjectText).toBe('serialNumber=91120000MA05ABCD1X, CN=合同专用章, O=天津某某有限公司, C=CN');
    expect(cert.issuerText).toBe(issuing.cert.subjectText);
    expect(cert.notBefore.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(cert.sm2PublicKey().equals(leaf.key.publicKey)).toBe(true);
    expect(cert.extensions.basicConstraints).toEqual({ cA: false });
    expect(cert.extensions.keyUsage).toEqual(['digitalSignature', 'nonRepudiation']);
    expect(Buffer.from(cert.extensions.subjectKeyIdentifier!)).toEqual(Buffer.from(keyIdentifier(leaf.key.publicKey)));
    expect(Buffer.from(cert.extensions.authorityKeyIdentifier!)).toEqual(Buffer.from(issuing.cert.extensions.subjectKeyIdentifier!));
    // tbsDer is the first element of the certificate, byte for byte.
    const top = parseDer(cert.der);
    expect(Buffer.from(cert.tbsDer)).toEqual(Buffer.from(top.children[0].raw));
  });

  test('country and serialNumber are PrintableString, the rest UTF8String', () => {
    const name = encodeName({ country: 'CN', commonName: '电子印章', serialNumber: 'ABC-1' });
    const tags = parseDer(name.der).children.map((rdn) => rdn.children[0].children[1].tag);
    expect(tags).toEqual([Tag.PRINTABLE_STRING, Tag.UTF8_STRING, Tag.PRINTABLE_STRING]);
    expect(codeOf(() => encodeName({ country: 'China' }))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => encodeName({ serialNumber: '统一代码' }))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => encodeName({}))).toBe('VALIDATION_FAILED');
  });

  test('names match across string types and case, not across different values', () => {
    const a = encodeName({ commonName: 'Seal  CA', country: 'CN' });
    const b = encodeName({ commonName: 'seal ca', country: 'CN' });
    expect(namesMatch(a, b)).toBe(true);
    // Same name with CN as PrintableString (as some CAs write it) still chains.
    const printable = parseName(
      parseDer(
        der.seq(
          der.setOf(der.seq(der.oid(X509Oid.country), der.printable('CN'))),
          der.setOf(der.seq(der.oid(X509Oid.commonName), der.printable('Seal CA'))),
        ),
      ),
    );
    expect(namesMatch(a, printable)).toBe(true);
    expect(namesMatch(a, encodeName({ commonName: 'Seal CB', country: 'CN' }))).toBe(false);
    expect(namesMatch(a, encodeName({ commonName: 'Seal CA' }))).toBe(false);
    expect(nameToString(encodeName({ commonName: 'a,b' }))).toBe('CN=a\\,b');
  });

  test('serial numbers are positive, 16 content bytes, no padding byte', () => {
    for (let i = 0; i < 200; i++) {
      const s = randomSerialNumber();
      const node = parseDer(der.int(s));
      expect(node.content.length).toBe(16);
      expect(node.content[0] & 0x80).toBe(0);
      expect(node.content[0]).not.toBe(0);
    }
  });

  test('validity uses UTCTime through 2049 and GeneralizedTime from 2050', async () => {
    const root = await makeRoot(undefined, { notBefore: d('2049-12-31T23:59:59Z'), notAfter: d('2050-01-01T00:00:00Z') });
    const validity = parseDer(root.cert.tbsDer).children[4];
    expect(validity.children.map((n) => n.tag)).toEqual([Tag.UTC_TIME, Tag.GENERALIZED_TIME]);
    expect(root.cert.notAfter.toISOString()).toBe('2050-01-01T00:00:00.000Z');
  });

  test('keyUsage DER drops trailing zero bits', () => {
    expect(Buffer.from(encodeKeyUsage(['digitalSignature', 'nonRepudiation'])).toString('hex')).toBe('030206c0');
    expect(Buffer.from(encodeKeyUsage(['keyCertSign', 'cRLSign'])).toString('hex')).toBe('03020106');
    expect(Buffer.from(encodeKeyUsage(['digitalSignature', 'decipherOnly'])).toString('hex')).toBe('0303078080');
    expect(decodeKeyUsage(parseDer(encodeKeyUsage(['keyCertSign', 'cRLSign', 'decipherOnly'])))).toEqual([
      'keyCertSign',
      'cRLSign',
      'decipherOnly',
    ]);
  });

  test('optional extensions: extendedKeyUsage and cRLDistributionPoints', async () => {
    const key = Sm2PrivateKey.generate();
    const name = encodeName({ commonName: 'ext' });
    const cert = await signCertificate(
      {
        serialNumber: 5n,
        issuer: name,
        subject: name,
        notBefore: d('2026-01-01T00:00:00Z'),
        notAfter: d('2027-01-01T00:00:00Z'),
        publicKey: key.publicKey,
        extensions: { extendedKeyUsage: [ExtendedKeyUsageOid.timeStamping], crlDistributionPoints: ['http://crl.example/issuing.crl'] },
      },
      localTbsSigner(key),
    );
    expect(cert.extensions.extendedKeyUsage).toEqual([ExtendedKeyUsageOid.timeStamping]);
    expect(cert.extensions.crlDistributionPoints).toEqual(['http://crl.example/issuing.crl']);
    // RFC 3161 2.3: a time-stamping purpose makes the extension critical.
    expect(cert.extensions.all.map((e) => [e.oid, e.critical])).toEqual([
      [X509Oid.extendedKeyUsage, true],
      [X509Oid.crlDistributionPoints, false],
    ]);
  });

  test('template validation', () => {
    const key = Sm2PrivateKey.generate();
    const name = encodeName({ commonName: 'x' });
    const base = {
      issuer: name,
      subject: name,
      publicKey: key.publicKey,
      extensions: {},
      notBefore: d('2026-01-01T00:00:00Z'),
      notAfter: d('2027-01-01T00:00:00Z'),
    };
    expect(codeOf(() => encodeTbsCertificate({ ...base, serialNumber: 0n }))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => encodeTbsCertificate({ ...base, serialNumber: -3n }))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => encodeTbsCertificate({ ...base, serialNumber: 1n, notAfter: base.notBefore }))).toBe('VALIDATION_FAILED');
    expect(
      codeOf(() =>
        encodeTbsCertificate({ ...base, serialNumber: 1n, extensions: { basicConstraints: { cA: false, pathLenConstraint: 0 } } }),
      ),
    ).toBe('VALIDATION_FAILED');
  });

  test('PEM round trip, certificateSm3 and PEM errors', async () => {
    const { leaf } = await makeChain();
    const pem = toPem(leaf.cert.der);
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{64}\n)+[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE-----\n$/);
    expect(Certificate.fromPem('text before\n' + pem).equals(leaf.cert)).toBe(true);
    expect(certificateSm3(leaf.cert)).toBe(Buffer.from(sm3(leaf.cert.der)).toString('hex'));
    expect(certificateSm3(leaf.cert.der)).toMatch(/^[0-9a-f]{64}$/);
    expect(fromPemAll(pem + pem)).toHaveLength(2);
    expect(codeOf(() => fromPem('nothing here'))).toBe('BAD_ASN1');
    expect(codeOf(() => fromPem('-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----'))).toBe('BAD_ASN1');
    expect(codeOf(() => fromPem(pem, 'X509 CRL'))).toBe('BAD_ASN1');
  });

  test('structurally broken certificates give coded errors', async () => {
    const { leaf } = await makeChain();
    const der = leaf.cert.der;
    expect(codeOf(() => Certificate.fromDer(der.subarray(0, der.length - 1)))).toBe('BAD_ASN1');
    expect(codeOf(() => Certificate.fromDer(new Uint8Array([...der, 0])))).toBe('BAD_ASN1');
    expect(codeOf(() => Certificate.fromDer(new Uint8Array(0)))).toBe('BAD_ASN1');
    // Outer algorithm swapped so that it disagrees with the TBS one.
    const swapped = Buffer.from(der);
    const at = swapped.lastIndexOf(Buffer.from('06082a811ccf55018375', 'hex'));
    swapped[at + 9] = 0x76;
    expect(codeOf(() => Certificate.fromDer(swapped))).toBe('CERT_INVALID');
  });
});
