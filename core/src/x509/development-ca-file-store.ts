import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { SealError } from '../errors';
import { type DevelopmentCaOptions, DevelopmentCertificateAuthority } from './development-ca';
import { savedCrlIfCurrent } from './development-ca-crl';
import { developmentCaStateFromJson, developmentCaStateToJson } from './development-ca-state';

export interface DevelopmentCaFileOptions extends Omit<DevelopmentCaOptions, 'onCrlSigned'> {
  /**
   * For the CA's owner (the service), the one process that signs with it: every CRL it signs is saved
   * in the file, and one is signed at once if the saved one is not current, so `seal verify` finds a
   * current CRL without loading a key. Others (tools that only issue or read) leave the file as it is.
   */
  readonly keepCrlCurrent?: boolean;
}

/**
 * The one place the development CA touches a disk, for `npm start` and demos on one machine.
 * The file holds private keys: it is written owner-only and replaced atomically so a crash
 * mid-write never leaves a half CA behind.
 */
export async function loadOrCreateDevelopmentCa(
  file: string,
  options: DevelopmentCaFileOptions = {},
): Promise<DevelopmentCertificateAuthority> {
  const { keepCrlCurrent, ...caOptions } = options;
  let ca: DevelopmentCertificateAuthority | undefined;
  const onCrlSigned = keepCrlCurrent ? () => saveDevelopmentCa(file, ca!) : undefined;
  if (existsSync(file)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (cause) {
      throw new SealError('CONFIG_INVALID', 'development CA state file cannot be read', { cause });
    }
    const state = developmentCaStateFromJson(text);
    ca = DevelopmentCertificateAuthority.fromState(state, { clock: options.clock, onCrlSigned });
    if (keepCrlCurrent && !savedCrlIfCurrent(state, (options.clock ?? (() => new Date()))())) await ca.currentCrl();
    return ca;
  }
  ca = await DevelopmentCertificateAuthority.create({ ...caOptions, onCrlSigned });
  saveDevelopmentCa(file, ca);
  if (keepCrlCurrent) await ca.currentCrl();
  return ca;
}

/** Persist after revoke() and currentCrl(), so revocations, CRL numbering and the last CRL survive a restart. */
export function saveDevelopmentCa(file: string, ca: DevelopmentCertificateAuthority): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, developmentCaStateToJson(ca.exportState()), { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}
