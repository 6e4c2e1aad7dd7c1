import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DevelopmentCertificateAuthority, loadOrCreateDevelopmentCa, saveDevelopmentCa } from '@eseal/core';
import type { SealCertificateAuthority } from '../usecases/seals';
import { API_BASE_PATH } from '../app';
import { PUBLIC_CRL_PATH } from '../api/evidence/public-routes';

/** Where certificates of a newly created development CA say its CRL is: the public CRL route under PUBLIC_BASE_URL. */
export function developmentCrlDistributionPoints(publicBaseUrl: string | undefined): string[] {
  return publicBaseUrl ? [`${publicBaseUrl}${API_BASE_PATH}${PUBLIC_CRL_PATH}`] : [];
}

/**
 * The development CA: kept in a 0600 file under the data directory so certificates and revocations
 * survive restarts, or in memory (tests). A licensed CA replaces this behind the same interface.
 * `keepCrlCurrent` is for the service, the CA's owner: it saves each CRL it signs in the file, where
 * `seal verify` reads it (see loadOrCreateDevelopmentCa).
 */
export async function openDevelopmentCa(
  dir: string | undefined,
  options: { crlDistributionPoints?: readonly string[]; keepCrlCurrent?: boolean } = {},
): Promise<SealCertificateAuthority> {
  if (dir === undefined) {
    const ca = await DevelopmentCertificateAuthority.create({ crlDistributionPoints: options.crlDistributionPoints });
    return { ca, persist: async () => undefined };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'development-ca.json');
  // The distribution points are fixed when the CA is created; an existing CA keeps its own.
  const ca = await loadOrCreateDevelopmentCa(file, options);
  return { ca, persist: async () => saveDevelopmentCa(file, ca) };
}
