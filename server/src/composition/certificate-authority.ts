import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DevelopmentCertificateAuthority, loadOrCreateDevelopmentCa, saveDevelopmentCa } from '@eseal/core';
import type { SealCertificateAuthority } from '../usecases/seals';

/**
 * The development CA: kept in a 0600 file under the data directory so certificates and revocations
 * survive restarts, or in memory (tests). A licensed CA replaces this behind the same interface.
 */
export async function openDevelopmentCa(dir: string | undefined): Promise<SealCertificateAuthority> {
  if (dir === undefined) {
    const ca = await DevelopmentCertificateAuthority.create();
    return { ca, persist: async () => undefined };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'development-ca.json');
  const ca = await loadOrCreateDevelopmentCa(file);
  return { ca, persist: async () => saveDevelopmentCa(file, ca) };
}
