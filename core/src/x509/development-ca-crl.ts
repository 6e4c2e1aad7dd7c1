import { bytesEqual } from './bytes';
import { Certificate } from './certificate';
import type { Crl } from './crl';
import { type DevelopmentCaState, DevelopmentCertificateAuthority, lastCrlOf } from './development-ca';

/**
 * The development CA's CRL as a verifier needs it: the one the CA last signed and saved in its state,
 * read without loading a key. It is used while it is current (before its nextUpdate) and lists every
 * revocation the state records; a revocation saved after it makes it stale at once, so a revoked seal
 * never passes on an old list. Only a stale or absent CRL is signed anew, from the state's keys, and
 * that CRL is not saved here: the CA's owner (the service) saves the state, so a reader never
 * overwrites revocations the owner recorded meanwhile.
 */
export async function developmentCaCrl(state: DevelopmentCaState, options: { clock?: () => Date } = {}): Promise<Crl> {
  const now = (options.clock ?? (() => new Date()))();
  return savedCrlIfCurrent(state, now) ?? DevelopmentCertificateAuthority.fromState(state, options).currentCrl();
}

/** The saved CRL if it still tells the whole truth at `at`; undefined when a new one must be signed. */
export function savedCrlIfCurrent(state: DevelopmentCaState, at: Date): Crl | undefined {
  const crl = lastCrlOf(state);
  if (!crl?.nextUpdate || crl.nextUpdate.getTime() <= at.getTime()) return undefined;
  if (!bytesEqual(crl.issuer.der, Certificate.fromDer(state.issuingCertificateDer).subject.der)) return undefined;
  const listed = new Map(crl.entries.map((entry) => [entry.serialNumber, entry.reason]));
  // A hold made permanent changes the reason: that, too, needs the new list.
  return state.revocations.every((r) => listed.get(r.serialNumber) === r.reason) ? crl : undefined;
}
