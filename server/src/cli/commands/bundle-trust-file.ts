import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SealError, developmentCaStateFromJson, parseBundleTrust, toPem, type BundleTrust } from '@eseal/core/verifier';

/**
 * Trust anchors for offline bundle checks: a trust.json (docs/proof-bundle-v2.md), or with none the
 * local deployment's development CA, and the caller is told so: evidence only holds against anchors
 * someone chose.
 */
export function bundleTrustFrom(path: string | undefined, fallback: { dataDir: string; note(text: string): void }): BundleTrust {
  if (path !== undefined) {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(path, 'utf8'));
    } catch (cause) {
      throw new SealError('VALIDATION_FAILED', `cannot read the trust file ${path} as JSON`, { cause });
    }
    try {
      return parseBundleTrust(value);
    } catch (cause) {
      throw new SealError('VALIDATION_FAILED', `${path} is not a trust file: ${(cause as Error).message}`, { cause });
    }
  }
  const devCa = join(fallback.dataDir, 'ca', 'development-ca.json');
  if (!existsSync(devCa)) throw new SealError('VALIDATION_FAILED', 'give the trust anchors with --trust trust.json');
  const state = developmentCaStateFromJson(readFileSync(devCa, 'utf8'));
  fallback.note(`no --trust given; trusting the local development CA (${devCa})\n`);
  return parseBundleTrust({
    format: 'eseal.trust',
    version: 1,
    caCertificates: [toPem(state.rootCertificateDer), toPem(state.issuingCertificateDer)],
  });
}
