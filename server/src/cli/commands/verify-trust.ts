import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Certificate, SealError, developmentCaStateFromJson, fromPemAll, sealTrustFromX509, type SealTrust } from '@eseal/core';

/** Where `npm start` keeps the development CA (see server composition, DATA_DIR/ca). */
const DEVELOPMENT_CA_FILE = join('ca', 'development-ca.json');

interface TrustFile {
  anchors: Certificate[];
  intermediates: Certificate[];
}

/**
 * Trust anchors from files holding PEM (one or more certificates), a single DER certificate, or the
 * development CA file the service itself writes (DATA_DIR/ca/development-ca.json: its root is the
 * anchor, its issuing CA an intermediate). With no --ca, a local deployment's development CA is used
 * when its file exists, and the caller is told so: a document is only ever "valid" against roots
 * someone chose.
 */
export function trustFromFiles(paths: readonly string[], fallback?: { dataDir: string; note(text: string): void }): SealTrust {
  if (paths.length > 0) {
    const files = paths.map(readTrustFile);
    return sealTrustFromX509({ trustAnchors: files.flatMap((f) => f.anchors), intermediates: files.flatMap((f) => f.intermediates) });
  }
  const devCa = fallback ? join(fallback.dataDir, DEVELOPMENT_CA_FILE) : undefined;
  if (devCa === undefined || !existsSync(devCa)) throw new SealError('VALIDATION_FAILED', 'give the trusted CA certificate(s) with --ca FILE');
  fallback!.note(`seal verify: no --ca given; trusting the local development CA (${devCa})\n`);
  const { anchors, intermediates } = readTrustFile(devCa);
  return sealTrustFromX509({ trustAnchors: anchors, intermediates });
}

function readTrustFile(path: string): TrustFile {
  const bytes = readBytes(path);
  const text = bytes.toString('utf8');
  if (text.trimStart().startsWith('{')) {
    try {
      const state = developmentCaStateFromJson(text);
      return { anchors: [Certificate.fromDer(state.rootCertificateDer)], intermediates: [Certificate.fromDer(state.issuingCertificateDer)] };
    } catch (cause) {
      throw new SealError('VALIDATION_FAILED', `CA file ${path} is JSON but not a development CA file`, { cause });
    }
  }
  return { anchors: readCertificates(path, bytes), intermediates: [] };
}

function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (cause) {
    throw new SealError('VALIDATION_FAILED', `cannot read CA file ${path}`, { cause });
  }
}

function readCertificates(path: string, bytes: Buffer): Certificate[] {
  try {
    const text = bytes.toString('latin1');
    if (text.includes('-----BEGIN')) return fromPemAll(text).filter((p) => p.label === 'CERTIFICATE').map((p) => Certificate.fromDer(p.der));
    return [Certificate.fromDer(new Uint8Array(bytes))];
  } catch (cause) {
    throw new SealError('VALIDATION_FAILED', `CA file ${path} holds no readable certificate`, { cause });
  }
}
