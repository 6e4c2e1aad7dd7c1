import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Certificate, Crl, DevelopmentCertificateAuthority, SealError, developmentCaStateFromJson, fromPemAll, sealTrustFromX509, type SealTrust } from '@eseal/core';

/** Where `npm start` keeps the development CA (see server composition, DATA_DIR/ca). */
const DEVELOPMENT_CA_FILE = join('ca', 'development-ca.json');

/**
 * Trust anchors from files holding PEM (one or more certificates) or a single DER certificate, and
 * the CRLs to judge revocation by (--crl; without one, revocation is reported unknown, never passed).
 * With no --ca, a local deployment's development CA root is used when its file exists, with the CRL
 * that CA issues now (the same revocations the server verifies against), and the caller is told so:
 * a document is only ever "valid" against roots someone chose.
 */
export async function trustFromFiles(paths: readonly string[], fallback?: { dataDir: string; note(text: string): void }, crlPaths: readonly string[] = []): Promise<SealTrust> {
  const crls = crlPaths.flatMap((path) => readCrls(path));
  if (paths.length > 0) return sealTrustFromX509({ trustAnchors: paths.flatMap((path) => readCertificates(path)), crls });
  const devCa = fallback ? join(fallback.dataDir, DEVELOPMENT_CA_FILE) : undefined;
  if (devCa === undefined || !existsSync(devCa)) throw new SealError('VALIDATION_FAILED', 'give the trusted CA certificate(s) with --ca FILE');
  const state = developmentCaStateFromJson(readFileSync(devCa, 'utf8'));
  fallback!.note(`seal verify: no --ca given; trusting the local development CA (${devCa}) and its current CRL\n`);
  const ownCrl = await DevelopmentCertificateAuthority.fromState(state).currentCrl();
  return sealTrustFromX509({ trustAnchors: [Certificate.fromDer(state.rootCertificateDer)], intermediates: [Certificate.fromDer(state.issuingCertificateDer)], crls: [...crls, ownCrl] });
}

function readCrls(path: string): Crl[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new SealError('VALIDATION_FAILED', `cannot read CRL file ${path}`, { cause });
  }
  try {
    const text = bytes.toString('latin1');
    if (text.includes('-----BEGIN')) return fromPemAll(text).filter((p) => p.label === 'X509 CRL').map((p) => Crl.fromDer(p.der));
    return [Crl.fromDer(new Uint8Array(bytes))];
  } catch (cause) {
    throw new SealError('VALIDATION_FAILED', `CRL file ${path} holds no readable CRL`, { cause });
  }
}

function readCertificates(path: string): Certificate[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new SealError('VALIDATION_FAILED', `cannot read CA file ${path}`, { cause });
  }
  try {
    const text = bytes.toString('latin1');
    if (text.includes('-----BEGIN')) return fromPemAll(text).filter((p) => p.label === 'CERTIFICATE').map((p) => Certificate.fromDer(p.der));
    return [Certificate.fromDer(new Uint8Array(bytes))];
  } catch (cause) {
    throw new SealError('VALIDATION_FAILED', `CA file ${path} holds no readable certificate`, { cause });
  }
}
