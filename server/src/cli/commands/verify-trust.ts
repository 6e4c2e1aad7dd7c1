import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  Certificate,
  Crl,
  SealError,
  developmentCaCrl,
  developmentCaStateFromJson,
  fromPemAll,
  sealTrustFromX509,
  timeStampTrustFromX509,
  type SealTrust,
} from '@eseal/core/verifier';

/** Where `npm start` keeps the development CA (see server composition, DATA_DIR/ca). */
const DEVELOPMENT_CA_FILE = join('ca', 'development-ca.json');

interface TrustFile {
  anchors: Certificate[];
  intermediates: Certificate[];
  /** A development CA file's current CRL: the same revocations the server verifies against. */
  currentCrl?: () => Promise<Crl>;
}

/**
 * Trust anchors from files holding PEM (one or more certificates), a single DER certificate, or the
 * development CA file the service itself writes (DATA_DIR/ca/development-ca.json: its root is the
 * anchor, its issuing CA an intermediate, and its current CRL is used: the one the service saved there,
 * read without loading a key, or signed anew when that is stale or absent). The CRLs to judge revocation
 * by come from --crl; without any, revocation is reported unknown, never passed. Relative paths are
 * read from `cwd` (the command's working directory, not necessarily the process's). With no --ca, a
 * local deployment's development CA is used when its file exists, and the caller is told so: a
 * document is only ever "valid" against roots someone chose.
 */
export async function trustFromFiles(
  paths: readonly string[],
  fallback?: { dataDir: string; note(text: string): void },
  crlPaths: readonly string[] = [],
  cwd = '.',
): Promise<SealTrust> {
  const crls = crlPaths.flatMap((path) => readCrls(path, cwd));
  let files: TrustFile[];
  if (paths.length > 0) {
    files = paths.map((path) => readTrustFile(path, cwd));
  } else {
    const devCa = fallback ? join(fallback.dataDir, DEVELOPMENT_CA_FILE) : undefined;
    if (devCa === undefined || !existsSync(devCa))
      throw new SealError('VALIDATION_FAILED', 'give the trusted CA certificate(s) with --ca FILE');
    fallback!.note(`seal verify: no --ca given; trusting the local development CA (${devCa}) and its current CRL\n`);
    files = [readTrustFile(devCa, cwd)];
  }
  const ownCrls = await Promise.all(files.flatMap((f) => (f.currentCrl ? [f.currentCrl()] : [])));
  const material = {
    trustAnchors: files.flatMap((f) => f.anchors),
    intermediates: files.flatMap((f) => f.intermediates),
    crls: [...crls, ...ownCrls],
  };
  // A time-stamp's TSA must chain to the same anchors; its genTime then is the signing time.
  return sealTrustFromX509({ ...material, verifyTimeStampToken: timeStampTrustFromX509(material) });
}

/** The anchors and intermediates of --ca files, or of the local development CA when none is given (told to the caller). */
export function readTrustAnchors(
  paths: readonly string[],
  fallback: { dataDir: string; note(text: string): void },
  cwd = '.',
): { anchors: Certificate[]; intermediates: Certificate[] } {
  let files: TrustFile[];
  if (paths.length > 0) files = paths.map((path) => readTrustFile(path, cwd));
  else {
    const devCa = join(fallback.dataDir, DEVELOPMENT_CA_FILE);
    if (!existsSync(devCa)) throw new SealError('VALIDATION_FAILED', 'give the trusted CA certificate(s) with --ca FILE');
    fallback.note(`no --ca given; trusting the local development CA (${devCa})\n`);
    files = [readTrustFile(devCa, cwd)];
  }
  return { anchors: files.flatMap((f) => f.anchors), intermediates: files.flatMap((f) => f.intermediates) };
}

function readTrustFile(path: string, cwd: string): TrustFile {
  const bytes = readBytes(path, 'CA', cwd);
  const text = bytes.toString('utf8');
  if (text.trimStart().startsWith('{')) {
    try {
      const state = developmentCaStateFromJson(text);
      return {
        anchors: [Certificate.fromDer(state.rootCertificateDer)],
        intermediates: [Certificate.fromDer(state.issuingCertificateDer)],
        currentCrl: () => developmentCaCrl(state),
      };
    } catch (cause) {
      throw new SealError('VALIDATION_FAILED', `CA file ${path} is JSON but not a development CA file`, { cause });
    }
  }
  return { anchors: readCertificates(path, bytes), intermediates: [] };
}

function readBytes(path: string, what: 'CA' | 'CRL', cwd: string): Buffer {
  try {
    return readFileSync(resolve(cwd, path));
  } catch (cause) {
    throw new SealError('VALIDATION_FAILED', `cannot read ${what} file ${path}`, { cause });
  }
}

function readCertificates(path: string, bytes: Buffer): Certificate[] {
  try {
    const text = bytes.toString('latin1');
    if (text.includes('-----BEGIN'))
      return fromPemAll(text)
        .filter((p) => p.label === 'CERTIFICATE')
        .map((p) => Certificate.fromDer(p.der));
    return [Certificate.fromDer(new Uint8Array(bytes))];
  } catch (cause) {
    throw new SealError('VALIDATION_FAILED', `CA file ${path} holds no readable certificate`, { cause });
  }
}

function readCrls(path: string, cwd: string): Crl[] {
  const bytes = readBytes(path, 'CRL', cwd);
  try {
    const text = bytes.toString('latin1');
    if (text.includes('-----BEGIN'))
      return fromPemAll(text)
        .filter((p) => p.label === 'X509 CRL')
        .map((p) => Crl.fromDer(p.der));
    return [Crl.fromDer(new Uint8Array(bytes))];
  } catch (cause) {
    throw new SealError('VALIDATION_FAILED', `CRL file ${path} holds no readable CRL`, { cause });
  }
}
