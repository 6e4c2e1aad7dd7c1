import { randomBytes } from 'node:crypto';

/** Opaque, prefixed identifiers: the prefix tells a reader of logs and ledgers what the id names. */
export type IdPrefix =
  'unit' | 'person' | 'app' | 'seal' | 'use' | 'sig' | 'batch' | 'audit' | 'filing' | 'relay' | 'key' | 'op' | 'custody' | 'read' | 'hook';

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}
