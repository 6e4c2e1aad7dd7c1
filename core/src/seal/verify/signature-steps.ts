import { sm2Verify } from '../../crypto/sm2';
import { sm3 } from '../../crypto/sm3';
import { equalBytes, matchCertInList } from '../cert-list-match';
import type { DecodedSesSignature } from '../model';
import { isSm2WithSm3 } from '../oids';
import { normaliseSm2SignatureValue } from '../signature-value';
import type { CheckResult } from './report';
import { failed, passed, skipped } from './report';
import type { CertificateView } from './trust';

/** What the signature protects: the bytes themselves, or their SM3 digest computed by the caller while streaming. */
export type ProtectedContent = { protectedBytes: Uint8Array } | { dataHash: Uint8Array };

/** Values the decoder does not judge: TBS version agrees with the seal, algorithm, digest size. */
export function checkSignatureFormat(sig: DecodedSesSignature): CheckResult {
  const problems: string[] = [];
  if (sig.version !== 1 && sig.tbsVersion !== sig.version)
    problems.push(`TBS_Sign version ${sig.tbsVersion} disagrees with the V${sig.version} seal`);
  if (!isSm2WithSm3(sig.signatureAlgorithm)) problems.push(`signature algorithm ${sig.signatureAlgorithm} is not SM2 with SM3`);
  if (sig.dataHash.length !== 32) problems.push(`dataHash is ${sig.dataHash.length} bytes, not an SM3 digest`);
  const details = {
    version: sig.version,
    tbsVersion: sig.tbsVersion,
    propertyInfo: sig.propertyInfo,
    timeInfo: sig.timeInfo.toISOString(),
  };
  if (problems.length > 0)
    return failed('signature.format', 'SEAL_FORMAT_INVALID', `signature data is malformed: ${problems.join('; ')}`, {
      ...details,
      problems,
    });
  return passed('signature.format', `well-formed V${sig.version} signature data`, details);
}

/** The signer's SM2 signature over the exact TBS_Sign bytes read from the input. */
export function checkSignatureValue(sig: DecodedSesSignature, signer: CertificateView | undefined): CheckResult {
  if (signer === undefined) return skipped('signature.value', 'signer certificate unreadable: signature cannot be checked');
  if (!isSm2WithSm3(sig.signatureAlgorithm))
    return failed('signature.value', 'SIGNATURE_INVALID', `unsupported signature algorithm ${sig.signatureAlgorithm}`);
  const value = normaliseSm2SignatureValue(sig.signatureValue);
  if (!sm2Verify(signer.publicKey, sig.signedBytes, value.der)) {
    return failed('signature.value', 'SIGNATURE_INVALID', 'the signature does not verify over the signed data (TBS_Sign)', {
      signerSerial: signer.serialHex,
    });
  }
  return passed('signature.value', 'the signature verifies over the signed data (TBS_Sign)', {
    signerSerial: signer.serialHex,
    signatureForm: value.form,
  });
}

/** The seal names who may use it: the signer's certificate must be in its certList (by bytes or by digest). */
export function checkCertInSeal(sig: DecodedSesSignature): CheckResult {
  const match = matchCertInList(sig.seal.sealInfo.property.certList, sig.signerCert);
  const details = { by: match.by, algorithm: match.algorithm, unsupportedAlgorithms: match.unsupportedAlgorithms };
  if (!match.matched)
    return failed('signature.cert-in-seal', 'CERT_NOT_IN_SEAL', 'the signer certificate is not listed in the seal', details);
  return passed(
    'signature.cert-in-seal',
    `the signer certificate is listed in the seal (matched by ${match.by === 'cert' ? 'certificate bytes' : `${match.algorithm} digest`})`,
    details,
  );
}

export function checkDataHash(sig: DecodedSesSignature, content: ProtectedContent): CheckResult {
  const actual = 'protectedBytes' in content ? sm3(content.protectedBytes) : content.dataHash;
  const details = { signed: Buffer.from(sig.dataHash).toString('hex'), actual: Buffer.from(actual).toString('hex') };
  if (!equalBytes(actual, sig.dataHash))
    return failed('signature.data-hash', 'DATA_HASH_MISMATCH', 'the protected content does not match the signed digest', details);
  return passed('signature.data-hash', 'the protected content matches the signed SM3 digest', details);
}
