import { der } from '../asn1';
import { sm3 } from '../crypto/sm3';
import type { Certificate } from '../x509/certificate';
import type { TbsSigner } from '../x509/signer';
import { TspOid } from './oids';
import { encodeTstInfo, type TstInfo } from './tst-info';

export interface MakeTimeStampTokenInput {
  info: TstInfo;
  /** The TSA's key; its signature is SM2 over SM3(Z_A || DER(signedAttrs)) with the default user ID. */
  signer: TbsSigner;
  /** The TSA certificate (extended key usage timeStamping, critical). */
  certificate: Certificate;
  /** RFC 3161 certReq: put the TSA certificate into the token. */
  includeCertificate: boolean;
}

/**
 * An RFC 3161 TimeStampToken in the GM/T 0033 profile: ContentInfo { signedData, SignedData {
 * version 3, digestAlgorithms { SM3 }, encapContentInfo { id-ct-TSTInfo, TSTInfo }, [certificates],
 * one SignerInfo (issuer and serial) whose signed attributes are contentType, signingTime,
 * messageDigest (SM3 of the TSTInfo) and ESS signingCertificateV2 (SM3 of the TSA certificate) } }.
 */
export async function makeTimeStampToken(input: MakeTimeStampTokenInput): Promise<Uint8Array> {
  const tstInfo = encodeTstInfo(input.info);
  const sm3Algorithm = der.seq(der.oid(TspOid.SM3), der.nullValue());
  const signedAttrs = der.setOf(
    attribute(TspOid.ATTR_CONTENT_TYPE, der.oid(TspOid.TST_INFO)),
    attribute(TspOid.ATTR_SIGNING_TIME, der.utcTime(input.info.genTime)),
    attribute(TspOid.ATTR_MESSAGE_DIGEST, der.octets(sm3(tstInfo))),
    attribute(TspOid.ATTR_SIGNING_CERTIFICATE_V2, signingCertificateV2(input.certificate)),
  );
  const signature = await input.signer.sign(signedAttrs);
  const signerInfo = der.seq(
    der.int(1),
    der.seq(input.certificate.issuer.der, der.int(input.certificate.serialNumber)),
    sm3Algorithm,
    der.implicit(0, signedAttrs),
    der.seq(der.oid(TspOid.SM2_SIGNATURE)),
    der.octets(signature),
  );
  const signedData = der.seq(
    der.int(3),
    der.setOf(sm3Algorithm),
    der.seq(der.oid(TspOid.TST_INFO), der.explicit(0, der.octets(tstInfo))),
    ...(input.includeCertificate ? [der.implicit(0, der.setOf(input.certificate.der))] : []),
    der.setOf(signerInfo),
  );
  return der.seq(der.oid(TspOid.CMS_SIGNED_DATA), der.explicit(0, signedData));
}

function attribute(type: string, value: Uint8Array): Uint8Array {
  return der.seq(der.oid(type), der.setOf(value));
}

/** SigningCertificateV2 { certs { ESSCertIDv2 { hashAlgorithm SM3 (not the SHA-256 default), certHash } } } */
function signingCertificateV2(certificate: Certificate): Uint8Array {
  return der.seq(der.seq(der.seq(der.seq(der.oid(TspOid.SM3)), der.octets(sm3(certificate.der)))));
}
