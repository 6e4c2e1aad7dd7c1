import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Certificate, SealError, developmentCaStateFromJson, fromPemAll, sealTrustFromX509, type SealTrust } from '@eseal/core';

/** Where `npm start` keeps the development CA (see server composition, DATA_DIR/ca). */
const DEVELOPMENT_CA_FILE = join('ca', 'development-ca.json');

/**
 * Trust anchors from files holding PEM (one or more certificates) or a single DER certificate. With
 * no --ca, a local deployment's development CA root is used when its file exists, and the caller is
 * told so: a document is only ever "valid" against roots someone chose.
 */
export function trustFromFiles(paths: readonly string[], fallback?: { dataDir: string; note(text: string): void }): SealTrust {
  if (paths.length > 0) return sealTrustFromX509({ trustAnchors: paths.flatMap((path) => readCertificates(path)) });
  const devCa = fallback ? join(fallback.dataDir, DEVELOPMENT_CA_FILE) : undefined;
  if (devCa === undefined || !existsSync(devCa)) throw new SealError('VALIDATION_FAILED', 'give the trusted CA certificate(s) with --ca FILE');
  const state = developmentCaStateFromJson(readFileSync(devCa, 'utf8'));
  fallback!.note(`seal verify: no --ca given; trusting the local development CA (${devCa})\n`);
  return sealTrustFromX509({ trustAnchors: [Certificate.fromDer(state.rootCertificateDer)], intermediates: [Certificate.fromDer(state.issuingCertificateDer)] });
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
