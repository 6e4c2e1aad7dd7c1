import { SYSTEM_CALLER } from '../../access';
import { commitTransition } from './commit-transition';
import type { LifecycleDeps } from './lifecycle-deps';

/**
 * Marks ACTIVE seals whose certificate has run out as EXPIRED (the ledger derives expiry from the
 * validity itself, so no transaction is owed). Safe to run from several places: a seal another run
 * already moved is skipped.
 */
export async function expireSeals(deps: LifecycleDeps, now: Date = deps.clock(), limit = 500): Promise<string[]> {
  const due = await deps.store.seals.dueToExpire(now, limit);
  const expired: string[] = [];
  for (const seal of due) {
    try {
      await commitTransition(deps, seal, { type: 'EXPIRE' }, SYSTEM_CALLER, { now });
      expired.push(seal._id);
    } catch (error) {
      if ((error as { code?: string }).code !== 'INVALID_TRANSITION') throw error;
    }
  }
  return expired;
}
