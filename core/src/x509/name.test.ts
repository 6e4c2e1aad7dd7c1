import { Tag, der, parseDer } from '../asn1';
import { parseCertificateExtensions } from './extensions';
import { encodeName, nameAttribute, parseName } from './name';
import { X509Oid } from './oids';

const attr = (oid: string, value: Uint8Array) => der.setOf(der.seq(der.oid(oid), value));

describe('names from real-world certificates', () => {
  test('BMPString, TeletexString, UniversalString and IA5String values decode', () => {
    const bmp = der.tlv(0x1e, new Uint8Array(Buffer.from('印章', 'utf16le').swap16()));
    const t61 = der.tlv(0x14, Uint8Array.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72])); // "Müller" in Latin-1
    const universal = der.tlv(0x1c, Uint8Array.from([0, 0, 0x4e, 0x2d, 0, 0, 0x56, 0xfd])); // 中国
    const name = parseName(
      parseDer(
        der.seq(
          attr(X509Oid.commonName, bmp),
          attr(X509Oid.organization, t61),
          attr(X509Oid.locality, universal),
          attr('1.2.840.113549.1.9.1', der.ia5('a@b.cn')),
        ),
      ),
    );
    expect(nameAttribute(name, X509Oid.commonName)).toBe('印章');
    expect(nameAttribute(name, X509Oid.organization)).toBe('Müller');
    expect(nameAttribute(name, X509Oid.locality)).toBe('中国');
    expect(nameAttribute(name, '1.2.840.113549.1.9.1')).toBe('a@b.cn');
  });

  test('a non-string value is kept as #hex; broken strings and empty RDNs are BAD_ASN1', () => {
    const name = parseName(parseDer(der.seq(attr(X509Oid.commonName, der.int(5)))));
    expect(nameAttribute(name, X509Oid.commonName)).toBe('#020105');
    const bad = [
      der.seq(attr(X509Oid.commonName, der.tlv(Tag.UTF8_STRING, Uint8Array.of(0xc3)))),
      der.seq(attr(X509Oid.commonName, der.tlv(Tag.PRINTABLE_STRING, Uint8Array.of(0xe4)))),
      der.seq(attr(X509Oid.commonName, der.tlv(0x1e, Uint8Array.of(1)))),
      der.seq(der.tlv(Tag.SET, new Uint8Array(0))),
    ];
    for (const input of bad) expect(() => parseName(parseDer(input))).toThrow(expect.objectContaining({ code: 'BAD_ASN1' }));
  });

  test('multiple OUs keep their order', () => {
    const name = encodeName({ organization: '某局', organizationalUnit: ['办公室', '印章科'] });
    expect(name.rdns.map((r) => r[0].value)).toEqual(['某局', '办公室', '印章科']);
  });
});

describe('extension parsing tolerance and strictness', () => {
  test('an explicit critical FALSE is accepted; a repeated extension is CERT_INVALID', () => {
    const explicitFalse = der.seq(
      der.seq(der.oid(X509Oid.subjectKeyIdentifier), der.bool(false), der.octets(der.octets(Uint8Array.of(1, 2)))),
    );
    expect(parseCertificateExtensions(parseDer(explicitFalse)).subjectKeyIdentifier).toEqual(Uint8Array.of(1, 2));
    const ski = der.seq(der.oid(X509Oid.subjectKeyIdentifier), der.octets(der.octets(Uint8Array.of(1))));
    expect(() => parseCertificateExtensions(parseDer(der.seq(ski, ski)))).toThrow(expect.objectContaining({ code: 'CERT_INVALID' }));
  });

  test('basicConstraints with a negative pathLen or extra fields is BAD_ASN1', () => {
    const bc = (inner: Uint8Array) => der.seq(der.seq(der.oid(X509Oid.basicConstraints), der.bool(true), der.octets(inner)));
    expect(() => parseCertificateExtensions(parseDer(bc(der.seq(der.bool(true), der.int(-1)))))).toThrow(
      expect.objectContaining({ code: 'BAD_ASN1' }),
    );
    expect(() => parseCertificateExtensions(parseDer(bc(der.seq(der.bool(true), der.int(1), der.int(2)))))).toThrow(
      expect.objectContaining({ code: 'BAD_ASN1' }),
    );
    expect(parseCertificateExtensions(parseDer(bc(der.seq(der.bool(true), der.int(3))))).basicConstraints).toEqual({
      cA: true,
      pathLenConstraint: 3,
    });
  });
});
