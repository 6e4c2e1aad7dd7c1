import { createHash } from 'node:crypto';
import type { CommandContext } from '../seals/lifecycle';

/** SM3 hex of a label: stands in for a real document or imprint digest in tests. */
export function sm3Of(label: string): string {
  return createHash('sm3').update(label).digest('hex');
}

export function contextAt(iso: string, role = 'maker'): CommandContext {
  return { actor: { id: `${role}-1`, role }, now: new Date(iso) };
}
