import { SealError } from '@eseal/core';
import type { WebhookUrlPolicy } from './url-policy';

/**
 *   WEBHOOK_ALLOW_PRIVATE_TARGETS  true: http and loopback / private addresses accepted (development and tests only); default false
 *   WEBHOOK_ATTEMPTS               attempts per delivery before it is FAILED, 1-30 (default 10)
 *   WEBHOOK_RETRY_BASE_MS          first retry delay, doubled each attempt with jitter, 10-600000 (default 2000)
 */
export interface WebhookSettings extends WebhookUrlPolicy {
  attempts: number;
  retryBaseMs: number;
}

function int(env: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SealError('CONFIG_INVALID', `${name} must be an integer from ${min} to ${max}`, { details: { variable: name } });
  }
  return value;
}

export function readWebhookSettings(env: Record<string, string | undefined>): WebhookSettings {
  const allow = env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
  if (allow !== undefined && allow !== '' && allow !== 'true' && allow !== 'false') {
    throw new SealError('CONFIG_INVALID', 'WEBHOOK_ALLOW_PRIVATE_TARGETS must be true or false', {
      details: { variable: 'WEBHOOK_ALLOW_PRIVATE_TARGETS' },
    });
  }
  return {
    allowPrivateTargets: allow === 'true',
    attempts: int(env, 'WEBHOOK_ATTEMPTS', 10, 1, 30),
    retryBaseMs: int(env, 'WEBHOOK_RETRY_BASE_MS', 2000, 10, 600_000),
  };
}
