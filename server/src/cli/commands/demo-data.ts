import { createHash, randomInt } from 'node:crypto';
import { requiredApplicationMaterials, residentIdCheckCharacter, STARTER_PACKAGE, usccCheckCharacter, USCC_ALPHABET } from '../../domain';

/** Synthetic, valid-looking identifiers for the demo unit: check characters computed, numbers random. */
export function demoUscc(): string {
  let body = '91120116';
  for (let i = 0; i < 9; i++) body += USCC_ALPHABET[randomInt(0, USCC_ALPHABET.length)];
  return body + usccCheckCharacter(body)!;
}

export function demoResidentId(): string {
  const body = `120104${1970 + randomInt(0, 30)}0${randomInt(1, 10)}1${randomInt(0, 10)}${String(randomInt(100, 1000))}`;
  return body + residentIdCheckCharacter(body)!;
}

/** Stand-ins for the scanned materials: only their SM3 digests are recorded. */
export function demoMaterials() {
  const kinds = new Set(STARTER_PACKAGE.flatMap((kind) => requiredApplicationMaterials(kind, 'IN_PERSON')));
  return [...kinds].map((kind) => ({ kind, sm3: createHash('sm3').update(`demo material ${kind}`).digest('hex') }));
}
