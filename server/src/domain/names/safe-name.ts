import { SealError } from '@eseal/core';

/**
 * Characters a name of a unit, a person or a seal may not contain. Names end up in certificate
 * subjects, seal data and imprints, where an invisible or direction-changing character makes one name
 * look like another (U+202E turns "ACME Ltd" into text that reads differently than it is stored):
 * - control characters (Cc), line and paragraph separators (Zl, Zp);
 * - format characters (Cf): bidirectional embeddings, overrides and isolates (U+202A-U+202E,
 *   U+2066-U+2069), marks (U+200E, U+200F, U+061C), zero-width space, joiners (U+200B-U+200D),
 *   word joiner, BOM (U+FEFF), soft hyphen;
 * - surrogate halves (Cs) and private-use characters (Co), which render as nothing or anything;
 * - the Hangul fillers, letters by category that render blank.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0]/u;

/** The first character a name may not contain, as U+XXXX; undefined when the name is clean. */
export function unsafeNameCharacter(name: string): string | undefined {
  const found = UNSAFE.exec(name);
  return found ? `U+${found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

/** VALIDATION_FAILED (400) naming the field and the character when the name carries one of the characters above. */
export function assertSafeName(name: string, field: string): void {
  const character = unsafeNameCharacter(name);
  if (character !== undefined) {
    throw new SealError('VALIDATION_FAILED', `${field} contains ${character}, a control, direction or invisible character`, {
      details: { field, character, reason: 'UNSAFE_NAME_CHARACTER' },
    });
  }
}
