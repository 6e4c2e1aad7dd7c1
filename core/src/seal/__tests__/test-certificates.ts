/**
 * TEST-ONLY minimal SM2 certificates: just enough X.509 (v3, SM2-with-SM3, CN names, validity, SPKI) to give
 * the seal code real certificate bytes. The product's X.509 implementation lives in the x509 module.
 */
import { der, parseDer, readBitStringBytes, readInteger, readSequence, readTime } from '../../asn1';
import { sm2Sign, sm2Verify } from '../../crypto/sm2';
import { type Sm2PrivateKey, Sm2PublicKey } from '../../crypto/sm2-keys';
import { SealOid } from '../oids';
import type { CertificateTrustResult, CertificateView, SealTrust } from '../verify';

export interface TestCertificateInput {
  subject: string;
  subjectKey: Sm2PublicKey;
  issuer: string;
  issuerKey: Sm2PrivateKey;
  serial: bigint;
  notBefore: Date;
  notAfter: Date;
}

const cnName = (cn: string) => der.seq(der.setOf(der.seq(der.oid('2.5.4.3'), der.utf8(cn))));

export function buildTestCertificate(t: TestCertificateInput): Uint8Array {
  const alg = der.seq(der.oid(SealOid.SM2_WITH_SM3));
  const tbs = der.seq(
    der.explicit(0, der.int(2)),
    der.int(t.serial),
    alg,
    cnName(t.issuer),
    der.seq(der.utcTime(t.notBefore), der.utcTime(t.notAfter)),
    cnName(t.subject),
    t.subjectKey.toSpkiDer(),
  );
  return der.seq(tbs, alg, der.bitString(sm2Sign(t.issuerKey, tbs)));
}

export function parseTestCertificate(bytes: Uint8Array): CertificateView {
  const [tbs] = readSequence(parseDer(bytes), 'Certificate');
  const f = readSequence(tbs, 'TBSCertificate');
  const [notBefore, notAfter] = readSequence(f[4], 'Validity').map((n) => readTime(n));
  const subject = Buffer.from(f[5].children[0].children[0].children[1].content).toString('utf8');
  return {
    publicKey: Sm2PublicKey.fromSpkiDer(f[6].raw),
    notBefore,
    notAfter,
    serialHex: readInteger(f[1]).toString(16),
    subject,
    der: bytes,
  };
}

/** Verifies the certificate's signature with the test CA key: a one-level chain check that can really fail. */
export function verifiedByCa(bytes: Uint8Array, caKey: Sm2PublicKey): boolean {
  const [tbs, , sig] = readSequence(parseDer(bytes), 'Certificate');
  return sm2Verify(caKey, tbs.raw, readBitStringBytes(sig));
}

export interface TestTrustOptions {
  caKey: Sm2PublicKey;
  /** serialHex -> revocation date. */
  revoked?: Map<string, Date>;
}

export function makeTestTrust(options: TestTrustOptions, extra: Partial<SealTrust> = {}): SealTrust {
  return {
    parseCertificate: parseTestCertificate,
    checkCertificate(bytes): CertificateTrustResult {
      if (!verifiedByCa(bytes, options.caKey))
        return { status: 'untrusted', code: 'CERT_CHAIN_INVALID', message: 'not issued by the test CA' };
      const revokedAt = options.revoked?.get(parseTestCertificate(bytes).serialHex);
      if (revokedAt !== undefined) return { status: 'revoked', revokedAt, reason: 'keyCompromise' };
      return { status: 'trusted' };
    },
    ...extra,
  };
}
