import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { SealError } from '../errors';
import { type DevelopmentCaOptions, DevelopmentCertificateAuthority } from './development-ca';
import { developmentCaStateFromJson, developmentCaStateToJson } from './development-ca-state';

/**
 * The one place the development CA touches a disk, for `npm start` and demos on one machine.
 * The file holds private keys: it is written owner-only and replaced atomically so a crash
 * mid-write never leaves a half CA behind.
 */
export async function loadOrCreateDevelopmentCa(
  file: string,
  options: DevelopmentCaOptions = {},
): Promise<DevelopmentCertificateAuthority> {
  if (existsSync(file)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (cause) {
      throw new SealError('CONFIG_INVALID', 'development CA state file cannot be read', { cause });
    }
    return DevelopmentCertificateAuthority.fromState(developmentCaStateFromJson(text), { clock: options.clock });
  }
  const ca = await DevelopmentCertificateAuthority.create(options);
  saveDevelopmentCa(file, ca);
  return ca;
}

/** Persist after revoke() and currentCrl(), so revocations and CRL numbering survive a restart. */
export function saveDevelopmentCa(file: string, ca: DevelopmentCertificateAuthority): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, developmentCaStateToJson(ca.exportState()), { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}
