import { sm2VerifyRemembered } from '../../crypto/sm2-verified-cache';
import type { DecodedSeal } from '../model';
import { isSm2WithSm3 } from '../oids';
import { normaliseSm2SignatureValue } from '../signature-value';
import { checkCertificateAt, readCertificate } from './certificate-at-time';
import type { CheckResult } from './report';
import { failed, passed, skipped } from './report';
import { checkTimeStamp } from './timestamp-check';
import type { CertificateView, SealTrust } from './trust';

/** Field values the decoder does not judge: header id, version agreement, dates in order, sizes, algorithm. */
export function checkSealFormat(seal: DecodedSeal): CheckResult {
  const { header, property, picture } = seal.sealInfo;
  const problems: string[] = [];
  if (header.id !== 'ES') problems.push(`header id is ${JSON.stringify(header.id)}, not "ES"`);
  if (seal.version !== 1 && header.version !== seal.version)
    problems.push(`header version ${header.version} disagrees with the V${seal.version} structure`);
  if (seal.version === 1 && header.version >= 4) problems.push(`header version ${header.version} in a V1 (two-element) SESeal`);
  if (seal.sealInfo.esID.length === 0) problems.push('esID is empty');
  if (property.validStart.getTime() > property.validEnd.getTime()) problems.push('validStart is after validEnd');
  const listSize = property.certList.kind === 'certs' ? property.certList.certs.length : property.certList.digests.length;
  if (listSize === 0) problems.push('certList is empty');
  if (picture.width === 0 || picture.height === 0) problems.push('picture has zero size');
  if (picture.data.length === 0) problems.push('picture has no data');
  if (!isSm2WithSm3(seal.signatureAlgorithm)) problems.push(`maker signature algorithm ${seal.signatureAlgorithm} is not SM2 with SM3`);
  const details = { version: seal.version, esID: seal.sealInfo.esID, vid: header.vid, name: property.name, type: property.type };
  if (problems.length > 0)
    return failed('seal.format', 'SEAL_FORMAT_INVALID', `seal data is malformed: ${problems.join('; ')}`, { ...details, problems });
  return passed('seal.format', `well-formed V${seal.version} seal data`, details);
}

/** The maker signed SealInfo (V4/V5) or SEQUENCE{SealInfo, cert, alg} (V1): verified over the exact bytes read. */
export function checkMakerSignature(seal: DecodedSeal, maker: CertificateView | undefined): CheckResult {
  if (maker === undefined) return skipped('seal.maker-signature', 'maker certificate unreadable: signature cannot be checked');
  if (!isSm2WithSm3(seal.signatureAlgorithm)) {
    return failed(
      'seal.maker-signature',
      'SEAL_MAKER_SIGNATURE_INVALID',
      `unsupported maker signature algorithm ${seal.signatureAlgorithm}`,
    );
  }
  const value = normaliseSm2SignatureValue(seal.signatureValue);
  // The same seal signs many documents: remember maker signatures already found valid (never failures).
  if (!sm2VerifyRemembered(maker.publicKey, seal.signedBytes, value.der)) {
    return failed('seal.maker-signature', 'SEAL_MAKER_SIGNATURE_INVALID', 'the maker signature does not verify over the seal information', {
      makerSerial: maker.serialHex,
    });
  }
  return passed('seal.maker-signature', 'the maker signature verifies over the seal information', {
    makerSerial: maker.serialHex,
    signatureForm: value.form,
  });
}

/** The seal may only be used inside its own validity window. */
export function checkSealValidity(seal: DecodedSeal, at: Date): CheckResult {
  const { validStart, validEnd } = seal.sealInfo.property;
  const details = { at: at.toISOString(), validStart: validStart.toISOString(), validEnd: validEnd.toISOString() };
  if (at.getTime() < validStart.getTime() || at.getTime() > validEnd.getTime()) {
    return failed('seal.validity', 'SEAL_OUT_OF_VALIDITY', `the seal was not within its validity period at ${at.toISOString()}`, details);
  }
  return passed('seal.validity', `the seal was within its validity period at ${at.toISOString()}`, details);
}

/** All seal checks, in the standard's order, judged at time `at`. */
export async function runSealChecks(seal: DecodedSeal, at: Date, trust: SealTrust): Promise<CheckResult[]> {
  const checks: CheckResult[] = [checkSealFormat(seal)];
  const maker = readCertificate(trust, seal.makerCert, 'seal.maker-certificate', 'the maker certificate');
  if ('error' in maker) {
    checks.push(checkMakerSignature(seal, undefined), maker.error);
  } else {
    checks.push(checkMakerSignature(seal, maker.view));
    checks.push(await checkCertificateAt(trust, maker.view, at, 'seal-maker', 'seal.maker-certificate', 'the maker certificate'));
  }
  checks.push(checkSealValidity(seal, at));
  if (seal.timeStamp !== undefined) {
    checks.push((await checkTimeStamp('seal.maker-timestamp', seal.timeStamp, seal.signatureValue, undefined, trust)).result);
  }
  return checks;
}
