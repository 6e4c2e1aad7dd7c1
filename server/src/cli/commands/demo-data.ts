import { createHash } from 'node:crypto';
import { requiredApplicationMaterials, STARTER_PACKAGE } from '../../domain';

/** Stand-ins for the scanned materials: only their SM3 digests are recorded. */
export function demoMaterials() {
  const kinds = new Set(STARTER_PACKAGE.flatMap((kind) => requiredApplicationMaterials(kind, 'IN_PERSON')));
  return [...kinds].map((kind) => ({ kind, sm3: createHash('sm3').update(`demo material ${kind}`).digest('hex') }));
}
