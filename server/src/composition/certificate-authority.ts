import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DevelopmentCertificateAuthority, loadOrCreateDevelopmentCa, saveDevelopmentCa } from '@eseal/core';
import type { SealCertificateAuthority } from '../usecases/seals';

/**
 * The development CA: kept in a 0600 file under the data directory so certificates and revocations
 * survive restarts, or in memory (tests). A licensed CA replaces this behind the same interface.
 */
export async function openDevelopmentCa(
  dir: string | undefined,
  options: { crlDistributionPoints?: readonly string[] } = {},
): Promise<SealCertificateAuthority> {
  if (dir === undefined) {
    const ca = await DevelopmentCertificateAuthority.create(options);
    return { ca, persist: async () => undefined };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'development-ca.json');
  // The distribution points are fixed when the CA is created; an existing CA keeps its own.
  const ca = await loadOrCreateDevelopmentCa(file, options);
  return { ca, persist: async () => saveDevelopmentCa(file, ca) };
}
