import { randomInt } from 'node:crypto';
import { residentIdCheckCharacter } from './resident-id';
import { USCC_ALPHABET, usccCheckCharacter } from './uscc';

const DAY_MS = 24 * 60 * 60 * 1000;
const EARLIEST_BIRTH = Date.UTC(1940, 0, 1);
const LATEST_BIRTH = Date.UTC(2005, 11, 31);

/**
 * Valid-looking identifiers for demos and tests, drawn from the whole space a real one could take
 * (about 10^13 values each), so two drawn in one run never collide: a collision would make the same
 * person, or the same unit, appear twice.
 */
export function syntheticResidentId(): string {
  const address = `${randomInt(1, 9)}${String(randomInt(0, 100_000)).padStart(5, '0')}`;
  const birth = new Date(EARLIEST_BIRTH + randomInt(0, (LATEST_BIRTH - EARLIEST_BIRTH) / DAY_MS + 1) * DAY_MS)
    .toISOString()
    .slice(0, 10)
    .replace(/-/g, '');
  const body = `${address}${birth}${String(randomInt(0, 1000)).padStart(3, '0')}`;
  return body + residentIdCheckCharacter(body)!;
}

/** A unified social credit code of a Tianjin (120116) enterprise with a random organisation code. */
export function syntheticUscc(): string {
  let body = '91120116';
  for (let i = 0; i < 9; i++) body += USCC_ALPHABET[randomInt(0, USCC_ALPHABET.length)];
  return body + usccCheckCharacter(body)!;
}
