import { auditActor, type Caller } from '../../access';
import type { CommandContext } from '../../domain';

/** The domain's command context for a caller at `now`. */
export function contextFor(caller: Caller, now: Date, note?: string): CommandContext {
  return { actor: auditActor(caller), now, ...(note === undefined ? {} : { note }) };
}
