import { createHash, randomInt } from 'node:crypto';
import { requiredApplicationMaterials, residentIdCheckCharacter, usccCheckCharacter, USCC_ALPHABET, type SealKind } from '../../../server/src/domain';

export const sm3Of = (label: string) => createHash('sm3').update(label).digest('hex');

/** A fresh, valid unified social credit code (GB 32100 check character computed). */
export function newUscc(): string {
  let body = '91120116';
  for (let i = 0; i < 9; i++) body += USCC_ALPHABET[randomInt(0, 31)];
  return body + usccCheckCharacter(body)!;
}

/** A valid resident ID (GB 11643 check digit) born in 1985. */
export function newResidentId(): string {
  const body = `12010419850307${String(randomInt(100, 999))}`;
  return body + residentIdCheckCharacter(body)!;
}

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
  return [{ kind: 'REVOCATION_APPLICATION', sm3: sm3Of('revocation application') }, { kind: second, sm3: sm3Of(second) }];
}
