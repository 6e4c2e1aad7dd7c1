import { type Asn1Node, Tag, readOctetString, readOid, readSequence } from '../asn1';
import { sm2Verify } from '../crypto/sm2';
import { sm3 } from '../crypto/sm3';
import { SealError, isSealError } from '../errors';
import { bytesEqual } from '../x509/bytes';
import { Certificate } from '../x509/certificate';
import type { Crl } from '../x509/crl';
import { X509Oid } from '../x509/oids';
import { verifyCertificateChain } from '../x509/verify/chain';
import { TspOid } from './oids';
import { readTimeStampToken } from './token-read';
import type { TstInfo } from './tst-info';

export interface TimeStampVerificationOptions {
  /** Roots a TSA certificate must chain to. */
  trustAnchors: readonly Certificate[];
  intermediates?: readonly Certificate[];
  crls?: readonly Crl[];
  /** TSA certificates known beforehand: a token made without certReq carries none. */
  tsaCertificates?: readonly Certificate[];
}

export interface VerifiedTimeStamp {
  info: TstInfo;
  /** The TSA's time: the trusted signing time of what the token stamps. */
  genTime: Date;
  tsa: Certificate;
  /** True when no CRL spoke for the TSA certificate at genTime. */
  revocationUnknown: boolean;
}

/**
 * Check a TimeStampToken's CMS signature and its TSA (RFC 3161 2.3, 2.4.2; RFC 5652 5.4; GM/T 0033):
 * exactly one SignerInfo with SM3 and SM2; signed attributes naming id-ct-TSTInfo, an SM3
 * messageDigest of the TSTInfo, and the ESS signing certificate; the SM2 signature over the signed
 * attributes; a TSA certificate whose only extended key usage is timeStamping, critical; and its chain
 * to a trust anchor, valid at genTime. The message imprint is the caller's to compare (it knows what
 * was stamped). Throws TIMESTAMP_INVALID (unreadable), TIMESTAMP_SIGNATURE_INVALID (the signature or
 * its binding to the TSTInfo does not hold) or TIMESTAMP_CERT_INVALID (the TSA certificate is not one
 * to trust for time-stamps at genTime).
 */
export function verifyTimeStampTokenSignature(token: Uint8Array, options: TimeStampVerificationOptions): VerifiedTimeStamp {
  try {
    return verifyToken(token, options);
  } catch (error) {
    if (isSealError(error) && error.code.startsWith('TIMESTAMP_')) throw error;
    // A malformed attribute value deep inside is still an unreadable token, not another kind of failure.
    throw new SealError('TIMESTAMP_INVALID', 'time-stamp token is not a readable RFC 3161 token', { cause: error });
  }
}

function verifyToken(token: Uint8Array, options: TimeStampVerificationOptions): VerifiedTimeStamp {
  const read = readTimeStampToken(token);
  const { signerInfo, info } = read;
  const tsa = findSignerCertificate(read.certificates, options.tsaCertificates ?? [], signerInfo.issuerDer, signerInfo.serialNumber);
  if (signerInfo.digestAlgorithm !== TspOid.SM3) throw signatureInvalid(`digest algorithm ${signerInfo.digestAlgorithm} is not SM3`);
  if (signerInfo.signatureAlgorithm !== TspOid.SM2_SIGNATURE && signerInfo.signatureAlgorithm !== TspOid.SM2_WITH_SM3)
    throw signatureInvalid(`signature algorithm ${signerInfo.signatureAlgorithm} is not SM2`);

  const contentType = single(signerInfo.attributes, TspOid.ATTR_CONTENT_TYPE, 'contentType');
  if (readOid(contentType, 'contentType') !== TspOid.TST_INFO) throw signatureInvalid('the signed contentType is not id-ct-TSTInfo');
  const digest = readOctetString(single(signerInfo.attributes, TspOid.ATTR_MESSAGE_DIGEST, 'messageDigest'), 'messageDigest');
  if (!bytesEqual(digest, sm3(read.tstInfoDer))) throw signatureInvalid('the signed messageDigest is not the SM3 of this TSTInfo');
  assertSigningCertificate(signerInfo.attributes, tsa);
  if (!sm2Verify(tsa.sm2PublicKey(), signerInfo.signedAttrsDer, signerInfo.signature))
    throw signatureInvalid('the TSA signature does not verify over the signed attributes');

  assertTimeStampingOnly(tsa);
  return { info, genTime: info.genTime, tsa, revocationUnknown: checkTsaChain(tsa, info.genTime, options) };
}

function findSignerCertificate(
  carried: readonly Uint8Array[],
  known: readonly Certificate[],
  issuerDer: Uint8Array,
  serial: bigint,
): Certificate {
  const candidates = [...carried.flatMap(parseQuietly), ...known];
  const match = candidates.find((c) => c.serialNumber === serial && bytesEqual(c.issuer.der, issuerDer));
  if (match === undefined) throw certInvalid('the TSA certificate named by the SignerInfo is neither in the token nor configured');
  return match;
}

function parseQuietly(der: Uint8Array): Certificate[] {
  try {
    return [Certificate.fromDer(der)];
  } catch {
    return []; // an unreadable extra certificate is ignored; a missing signer certificate is reported
  }
}

function single(attributes: ReadonlyMap<string, Asn1Node[]>, oid: string, name: string) {
  const values = attributes.get(oid);
  if (values === undefined || values.length !== 1) throw signatureInvalid(`the signed attributes need exactly one ${name}`);
  return values[0];
}

/** ESS SigningCertificateV2: the first ESSCertIDv2 must be the hash of the certificate that signed (RFC 5035, 5816). */
function assertSigningCertificate(attributes: ReadonlyMap<string, Asn1Node[]>, tsa: Certificate): void {
  const value = attributes.get(TspOid.ATTR_SIGNING_CERTIFICATE_V2);
  if (value === undefined || value.length !== 1) throw certInvalid('the signed attributes carry no ESS signingCertificateV2');
  const certs = readSequence(readSequence(value[0], 'SigningCertificateV2')[0], 'certs');
  const first = readSequence(certs[0], 'ESSCertIDv2');
  const hasAlgorithm = first[0]?.tag === Tag.SEQUENCE;
  const algorithm = hasAlgorithm ? readOid(readSequence(first[0], 'hashAlgorithm')[0], 'hashAlgorithm') : '2.16.840.1.101.3.4.2.1';
  const certHash = readOctetString(first[hasAlgorithm ? 1 : 0], 'certHash');
  if (algorithm !== TspOid.SM3) throw certInvalid(`ESS certificate hash algorithm ${algorithm} is not SM3`);
  if (!bytesEqual(certHash, sm3(tsa.der))) throw certInvalid('the ESS signing certificate is not the certificate that signed');
}

/** RFC 3161 2.3: the TSA certificate has exactly one extended key usage, timeStamping, and the extension is critical. */
function assertTimeStampingOnly(tsa: Certificate): void {
  const eku = tsa.extensions.all.find((e) => e.oid === X509Oid.extendedKeyUsage);
  const purposes = tsa.extensions.extendedKeyUsage ?? [];
  if (eku === undefined || !eku.critical || purposes.length !== 1 || purposes[0] !== TspOid.TIME_STAMPING) {
    throw certInvalid(`${tsa.subjectText} is not a time-stamping certificate (critical extendedKeyUsage timeStamping only)`);
  }
}

/** The chain at genTime; revoked afterwards counts only when the key was compromised (the token could be forged). */
function checkTsaChain(tsa: Certificate, at: Date, options: TimeStampVerificationOptions): boolean {
  try {
    const result = verifyCertificateChain(tsa, {
      trustAnchors: options.trustAnchors,
      intermediates: options.intermediates,
      crls: options.crls,
      at,
      requiredKeyUsage: ['digitalSignature'],
    });
    if (result.revokedAfter?.reason === 'keyCompromise')
      throw certInvalid(`the TSA key was reported compromised on ${result.revokedAfter.revokedAt.toISOString()}`);
    return result.revocation[0]?.status === 'unknown';
  } catch (error) {
    if (isSealError(error) && error.code === 'TIMESTAMP_CERT_INVALID') throw error;
    const why = isSealError(error) ? `${error.code}: ${error.message}` : 'the chain could not be checked';
    throw new SealError('TIMESTAMP_CERT_INVALID', `the TSA certificate is not trusted at ${at.toISOString()} (${why})`, { cause: error });
  }
}

function signatureInvalid(message: string): SealError {
  return new SealError('TIMESTAMP_SIGNATURE_INVALID', message);
}

function certInvalid(message: string): SealError {
  return new SealError('TIMESTAMP_CERT_INVALID', message);
}
