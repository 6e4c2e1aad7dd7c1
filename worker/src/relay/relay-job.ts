import { createHash } from 'node:crypto';

/** The relay queues' contract: one queue per court chain, so each has its own rate limit and concurrency. */
export const RELAY_JOB_NAME = 'relay';

export function relayQueueName(adapterId: string): string {
  return `relay-${adapterId}`;
}

/**
 * Version 2 carries a group of relay ids of one court chain (version 1, one relay id, is read as a
 * group of one): the evidence itself is read from the store, never from Redis.
 */
export interface RelayJobV2 {
  readonly v: 2;
  readonly relayIds: readonly string[];
}

/** Relays per job: one store command and one court request carry the whole group. */
export const MAX_RELAYS_PER_JOB = 200;

const RELAY_ID = /^[A-Za-z0-9_.-]{8,128}@[A-Za-z0-9_.-]{1,64}$/;

export function parseRelayJob(data: unknown): RelayJobV2 {
  if (typeof data !== 'object' || data === null) throw new Error('relay job data must be an object');
  const { v, relayId, relayIds } = data as Record<string, unknown>;
  const ids = v === 1 ? [relayId] : v === 2 ? relayIds : undefined;
  if (ids === undefined) throw new Error(`unsupported relay job version ${String(v)}`);
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > MAX_RELAYS_PER_JOB) {
    throw new Error(`relayIds must be 1-${MAX_RELAYS_PER_JOB} relay ids`);
  }
  for (const id of ids) if (typeof id !== 'string' || !RELAY_ID.test(id)) throw new Error('relayId must be <evidenceId>@<adapterId>');
  return { v: 2, relayIds: ids as string[] };
}

/**
 * A group's job id: the relay id itself for a group of one (so an operator's retry of one relay finds
 * its job), otherwise derived from the sorted ids, so dispatching the same group again is a no-op.
 */
export function relayJobId(relayIds: readonly string[]): string {
  if (relayIds.length === 1) return relayIds[0]!;
  const adapter = relayIds[0]!.slice(relayIds[0]!.lastIndexOf('@'));
  return `group_${createHash('sm3')
    .update([...relayIds].sort().join('\n'))
    .digest('hex')
    .slice(0, 40)}${adapter}`;
}

export interface RelayRetryPolicy {
  readonly attempts: number;
  /** First retry delay; doubles each attempt, with up to half of it taken off at random. */
  readonly backoffMs: number;
}

export const DEFAULT_RELAY_RETRY: RelayRetryPolicy = { attempts: 12, backoffMs: 1000 };

/** Jitter keeps many relays that failed together (a court chain down) from all coming back in the same instant. */
export function relayJobOptions(jobId: string, policy: RelayRetryPolicy = DEFAULT_RELAY_RETRY) {
  return {
    jobId,
    attempts: policy.attempts,
    backoff: { type: 'exponential' as const, delay: policy.backoffMs, jitter: 0.5 },
    removeOnComplete: { count: 10_000 },
    removeOnFail: false,
  };
}
