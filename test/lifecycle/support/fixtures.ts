import { createHash } from 'node:crypto';
import { requiredApplicationMaterials, syntheticResidentId, syntheticUscc, type SealKind } from '../../../server/src/domain';

export const sm3Of = (label: string) => createHash('sm3').update(label).digest('hex');

/** A fresh, valid unified social credit code (GB 32100 check character computed). */
export const newUscc = syntheticUscc;

/**
 * A fresh, valid resident ID (GB 11643 check digit) from the whole space: the same number drawn twice
 * under two names is a 409 (IDENTITY_NAME_MISMATCH), so a small pool would make tests flaky.
 */
export const newResidentId = syntheticResidentId;

export function wrongCheckDigit(id: string): string {
  const last = id[id.length - 1]!;
  return id.slice(0, -1) + (last === '1' ? '2' : '1');
}

export function person(name: string) {
  return { name, idNumber: newResidentId() };
}

/** Every material the application needs, each with a distinct SM3. */
export function materialsFor(kind: SealKind, channel: 'IN_PERSON' | 'AGENT' = 'IN_PERSON') {
  return requiredApplicationMaterials(kind, channel).map((k) => ({ kind: k, sm3: sm3Of(`${kind}-${k}`) }));
}

export function allMaterials() {
  const kinds = new Set<string>();
  for (const kind of ['LEGAL_NAME', 'LEGAL_REPRESENTATIVE', 'PRINCIPAL'] as const) {
    for (const m of requiredApplicationMaterials(kind, 'AGENT')) kinds.add(m);
  }
  return [...kinds].map((k) => ({ kind: k, sm3: sm3Of(k) }));
}

export function revocationMaterials(second: string) {
  return [
    { kind: 'REVOCATION_APPLICATION', sm3: sm3Of('revocation application') },
    { kind: second, sm3: sm3Of(second) },
  ];
}
