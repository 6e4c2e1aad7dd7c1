import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { SealError, isPublicAddress } from '@eseal/core';

export interface WebhookUrlPolicy {
  /**
   * Development and tests only (WEBHOOK_ALLOW_PRIVATE_TARGETS=true): http and loopback or private
   * addresses are accepted. Otherwise only https to names and addresses that are all public.
   */
  allowPrivateTargets: boolean;
}

const refuse = (url: string, why: string) =>
  new SealError('WEBHOOK_URL_REFUSED', `webhook URL refused: ${why}`, { details: { url: url.slice(0, 200) } });

/**
 * Checked when a subscription is made; the worker checks the address again on every connection
 * (worker/src/webhooks/http-sender.ts), since a name may resolve elsewhere later.
 */
export async function assertWebhookUrlAllowed(raw: string, policy: WebhookUrlPolicy): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse(raw, 'not a URL');
  }
  if (url.username || url.password) throw refuse(raw, 'credentials in the URL');
  if (url.protocol !== 'https:' && !(policy.allowPrivateTargets && url.protocol === 'http:')) throw refuse(raw, 'https only');
  if (policy.allowPrivateTargets) return url.toString();
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host) !== 0) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true })).map((a) => a.address);
    } catch {
      throw refuse(raw, 'the name does not resolve');
    }
  }
  if (addresses.length === 0 || !addresses.every(isPublicAddress)) throw refuse(raw, 'the target is not a public address');
  return url.toString();
}
