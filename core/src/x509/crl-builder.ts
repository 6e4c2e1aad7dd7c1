import { Tag, der } from '../asn1';
import { SealError } from '../errors';
import { SM2_WITH_SM3, encodeAlgorithm } from './algorithm';
import { Crl } from './crl';
import { encodeExtension } from './extensions';
import type { DistinguishedName } from './name';
import { X509Oid } from './oids';
import { REVOCATION_REASON_CODES, type RevocationReason } from './revocation-reason';
import type { TbsSigner } from './signer';
import { encodeCertificateTime } from './validity-time';

export interface CrlTemplate {
  readonly issuer: DistinguishedName;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
  /** Monotonically increasing per issuer (RFC 5280 5.2.3). */
  readonly crlNumber: bigint;
  readonly authorityKeyIdentifier: Uint8Array;
  readonly entries: readonly { serialNumber: bigint; revokedAt: Date; reason: RevocationReason }[];
}

/** DER of a v2 TBSCertList with SM2-with-SM3, CRL number and AKI. */
export function encodeTbsCertList(t: CrlTemplate): Uint8Array {
  if (!(t.thisUpdate.getTime() < t.nextUpdate.getTime())) throw new SealError('VALIDATION_FAILED', 'thisUpdate must precede nextUpdate');
  if (t.crlNumber < 0n || t.crlNumber >= 1n << 159n) throw new SealError('VALIDATION_FAILED', 'CRL number out of range');
  const entries = [...t.entries].sort((a, b) => (a.serialNumber < b.serialNumber ? -1 : a.serialNumber > b.serialNumber ? 1 : 0));
  const revoked = entries.map((e) => {
    const code = REVOCATION_REASON_CODES[e.reason];
    // RFC 5280 5.3.1: the reason code "unspecified" SHOULD be absent rather than written out.
    const exts = code === 0 ? [] : [der.seq(encodeExtension(X509Oid.crlReason, false, der.tlv(Tag.ENUMERATED, Uint8Array.of(code))))];
    return der.seq(der.int(e.serialNumber), encodeCertificateTime(e.revokedAt), ...exts);
  });
  return der.seq(
    der.int(1), // v2
    encodeAlgorithm(SM2_WITH_SM3),
    t.issuer.der,
    encodeCertificateTime(t.thisUpdate),
    encodeCertificateTime(t.nextUpdate),
    // An empty revokedCertificates must be omitted, not encoded as an empty SEQUENCE.
    ...(revoked.length > 0 ? [der.seq(...revoked)] : []),
    der.explicit(
      0,
      der.seq(
        encodeExtension(X509Oid.authorityKeyIdentifier, false, der.seq(der.implicit(0, der.octets(t.authorityKeyIdentifier)))),
        encodeExtension(X509Oid.crlNumber, false, der.int(t.crlNumber)),
      ),
    ),
  );
}

export async function signCrl(t: CrlTemplate, signer: TbsSigner): Promise<Crl> {
  const tbs = encodeTbsCertList(t);
  const signature = await signer.sign(tbs);
  return Crl.fromDer(der.seq(tbs, encodeAlgorithm(SM2_WITH_SM3), der.bitString(signature)));
}
