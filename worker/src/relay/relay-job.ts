/** The relay queues' contract: one queue per court chain, so each has its own rate limit and concurrency. */
export const RELAY_JOB_NAME = 'relay';

export function relayQueueName(adapterId: string): string {
  return `relay-${adapterId}`;
}

/** Version 1 carries only the relay id: the evidence itself is read from the store, never from Redis. */
export interface RelayJobV1 {
  readonly v: 1;
  readonly relayId: string;
}

const RELAY_ID = /^[A-Za-z0-9_.-]{8,128}@[A-Za-z0-9_.-]{1,64}$/;

export function parseRelayJob(data: unknown): RelayJobV1 {
  if (typeof data !== 'object' || data === null) throw new Error('relay job data must be an object');
  const { v, relayId } = data as Record<string, unknown>;
  if (v !== 1) throw new Error(`unsupported relay job version ${String(v)}`);
  if (typeof relayId !== 'string' || !RELAY_ID.test(relayId)) throw new Error('relayId must be <evidenceId>@<adapterId>');
  return { v, relayId };
}

export interface RelayRetryPolicy {
  readonly attempts: number;
  /** First retry delay; doubles each attempt, with up to half of it taken off at random. */
  readonly backoffMs: number;
}

export const DEFAULT_RELAY_RETRY: RelayRetryPolicy = { attempts: 12, backoffMs: 1000 };

/**
 * Job id = relay id, so a repeated dispatch is the same job. Jitter keeps many relays that failed
 * together (a court chain down) from all coming back in the same instant.
 */
export function relayJobOptions(relayId: string, policy: RelayRetryPolicy = DEFAULT_RELAY_RETRY) {
  return {
    jobId: relayId,
    attempts: policy.attempts,
    backoff: { type: 'exponential' as const, delay: policy.backoffMs, jitter: 0.5 },
    removeOnComplete: { count: 10_000 },
    removeOnFail: false,
  };
}
