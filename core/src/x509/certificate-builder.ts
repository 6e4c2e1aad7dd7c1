import { der } from '../asn1';
import type { Sm2PublicKey } from '../crypto/sm2-keys';
import { SealError } from '../errors';
import { SM2_WITH_SM3, encodeAlgorithm } from './algorithm';
import { Certificate } from './certificate';
import { type ExtensionsInput, encodeExtensions } from './extensions';
import type { DistinguishedName } from './name';
import type { TbsSigner } from './signer';
import { encodeCertificateTime } from './validity-time';

/** Everything that goes into an SM2 certificate, already decided (the CA's profiles decide it). */
export interface CertificateTemplate {
  readonly serialNumber: bigint;
  readonly issuer: DistinguishedName;
  readonly subject: DistinguishedName;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKey: Sm2PublicKey;
  readonly extensions: ExtensionsInput;
}

/** DER of a version 3 TBSCertificate with SM2-with-SM3 as its signature algorithm. */
export function encodeTbsCertificate(t: CertificateTemplate): Uint8Array {
  if (t.serialNumber <= 0n || t.serialNumber >= 1n << 159n) {
    throw new SealError('VALIDATION_FAILED', 'serial number must be positive and at most 20 bytes');
  }
  if (!(t.notBefore.getTime() < t.notAfter.getTime())) {
    throw new SealError('VALIDATION_FAILED', 'notBefore must be earlier than notAfter');
  }
  const extensions = encodeExtensions(t.extensions);
  return der.seq(
    der.explicit(0, der.int(2)),
    der.int(t.serialNumber),
    encodeAlgorithm(SM2_WITH_SM3),
    t.issuer.der,
    der.seq(encodeCertificateTime(t.notBefore), encodeCertificateTime(t.notAfter)),
    t.subject.der,
    t.publicKey.toSpkiDer(),
    ...(extensions ? [der.explicit(3, extensions)] : []),
  );
}

/** Sign a template. The result is re-parsed so the caller holds exactly what a verifier will see. */
export async function signCertificate(t: CertificateTemplate, signer: TbsSigner): Promise<Certificate> {
  const tbs = encodeTbsCertificate(t);
  const signature = await signer.sign(tbs);
  return Certificate.fromDer(der.seq(tbs, encodeAlgorithm(SM2_WITH_SM3), der.bitString(signature)));
}
