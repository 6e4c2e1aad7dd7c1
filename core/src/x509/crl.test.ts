import { Tag, der, parseDer } from '../asn1';
import { Sm2PrivateKey } from '../crypto/sm2-keys';
import { d } from './__tests__/pki-fixture';
import { SM2_WITH_SM3, encodeAlgorithm } from './algorithm';
import { Crl } from './crl';
import { encodeTbsCertList, signCrl } from './crl-builder';
import { encodeExtension } from './extensions';
import { encodeName } from './name';
import { X509Oid } from './oids';
import { localTbsSigner } from './signer';

const issuer = encodeName({ country: 'CN', commonName: '签发CA' });
const key = Sm2PrivateKey.generate();
const base = {
  issuer,
  thisUpdate: d('2026-05-01T00:00:00Z'),
  nextUpdate: d('2026-05-08T00:00:00Z'),
  crlNumber: 7n,
  authorityKeyIdentifier: new Uint8Array(20).fill(1),
};

/** Wrap hand-made TBS bytes in a CertificateList signed by `key`. */
async function listFrom(tbs: Uint8Array): Promise<Uint8Array> {
  return der.seq(tbs, encodeAlgorithm(SM2_WITH_SM3), der.bitString(await localTbsSigner(key).sign(tbs)));
}

describe('CRL encode and parse', () => {
  test('entries sorted by serial, reason codes, "unspecified" written as no extension', async () => {
    const crl = await signCrl(
      {
        ...base,
        entries: [
          { serialNumber: 300n, revokedAt: d('2026-04-02T00:00:00Z'), reason: 'unspecified' },
          { serialNumber: 5n, revokedAt: d('2026-04-01T00:00:00Z'), reason: 'affiliationChanged' },
        ],
      },
      localTbsSigner(key),
    );
    expect(crl.entries.map((e) => [e.serialNumber, e.reason])).toEqual([
      [5n, 'affiliationChanged'],
      [300n, 'unspecified'],
    ]);
    const revoked = parseDer(crl.tbsDer).children[5];
    expect(revoked.children[1].children).toHaveLength(2); // serial + date, no extensions for "unspecified"
    expect(crl.crlNumber).toBe(7n);
    expect(crl.version).toBe(2);
    expect(Crl.fromPem(crl.toPem()).entryFor(5n)?.revokedAt).toEqual(d('2026-04-01T00:00:00Z'));
  });

  test('no revoked certificates: the field is omitted, not an empty SEQUENCE', () => {
    const tbs = parseDer(encodeTbsCertList({ ...base, entries: [] }));
    expect(tbs.children.map((c) => c.tag)).toEqual([Tag.INTEGER, Tag.SEQUENCE, Tag.SEQUENCE, Tag.UTC_TIME, Tag.UTC_TIME, 0xa0]);
  });

  test('template validation', () => {
    expect(() => encodeTbsCertList({ ...base, nextUpdate: base.thisUpdate, entries: [] })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => encodeTbsCertList({ ...base, crlNumber: -1n, entries: [] })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });

  test('unknown critical CRL extension, unknown reason code and v1 with extensions are refused', async () => {
    const times = [der.utcTime(base.thisUpdate), der.utcTime(base.nextUpdate)];
    const head = [der.int(1), encodeAlgorithm(SM2_WITH_SM3), issuer.der, ...times];
    const critical = der.explicit(0, der.seq(encodeExtension('1.2.3.4', true, der.nullValue())));
    await expect(listFrom(der.seq(...head, critical)).then(Crl.fromDer)).rejects.toMatchObject({ code: 'BAD_ASN1' });

    const badReason = der.seq(
      der.seq(
        der.int(9),
        der.utcTime(base.thisUpdate),
        der.seq(encodeExtension(X509Oid.crlReason, false, der.tlv(Tag.ENUMERATED, Uint8Array.of(7)))),
      ),
    );
    await expect(listFrom(der.seq(...head, badReason)).then(Crl.fromDer)).rejects.toMatchObject({ code: 'BAD_ASN1' });

    const v1WithExtensions = der.seq(...head.slice(1), der.explicit(0, der.seq(encodeExtension(X509Oid.crlNumber, false, der.int(1)))));
    await expect(listFrom(v1WithExtensions).then(Crl.fromDer)).rejects.toMatchObject({ code: 'BAD_ASN1' });

    const v1 = Crl.fromDer(await listFrom(der.seq(...head.slice(1))));
    expect(v1.version).toBe(1);
    expect(v1.crlNumber).toBeUndefined();
  });

  test('outer and inner signature algorithms must agree', async () => {
    const tbs = encodeTbsCertList({ ...base, entries: [] });
    const sig = await localTbsSigner(key).sign(tbs);
    const mismatched = der.seq(tbs, encodeAlgorithm({ oid: '1.2.840.10045.4.3.2' }), der.bitString(sig));
    expect(() => Crl.fromDer(mismatched)).toThrow(expect.objectContaining({ code: 'SIGNATURE_INVALID' }));
    expect(() => Crl.fromPem('no pem')).toThrow(expect.objectContaining({ code: 'BAD_ASN1' }));
  });
});
