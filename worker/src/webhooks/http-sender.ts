import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from '@eseal/core';
import type { WebhookSender } from './ports';

export interface HttpWebhookSenderOptions {
  timeoutMs: number;
  /** Development and tests only: let deliveries reach loopback and private addresses. */
  allowPrivateTargets: boolean;
}

/** Most a receiver's answer is read; the body is only drained, never kept. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * The address check happens in the connection's own DNS lookup, so the address connected to is the
 * one checked: a name that resolved to a public address when the subscription was made and to an
 * internal one now (DNS rebinding) is refused here. Redirects are not followed (a 3xx is a failure).
 */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const allowed = addresses.filter((a) => allowPrivate || isPublicAddress(a.address));
      if (allowed.length === 0) {
        return callback(
          Object.assign(new Error(`webhook target ${hostname} resolves to no public address`), { code: 'EADDRNOTPUBLIC' }),
          '',
          0,
        );
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      return callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}

export class HttpWebhookSender implements WebhookSender {
  constructor(private readonly options: HttpWebhookSenderOptions) {}

  send(url: string, headers: Record<string, string>, body: string): Promise<number> {
    const target = new URL(url);
    const host = target.hostname.replace(/^\[|\]$/g, '');
    // A literal address skips the lookup: check it here.
    if (isIP(host) !== 0 && !this.options.allowPrivateTargets && !isPublicAddress(host)) {
      return Promise.reject(new Error(`webhook target ${host} is not a public address`));
    }
    const client = target.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const request = client.request(
        target,
        {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          lookup: guardedLookup(this.options.allowPrivateTargets),
          timeout: this.options.timeoutMs,
        },
        (response) => {
          let read = 0;
          response.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > MAX_RESPONSE_BYTES) response.destroy();
          });
          response.on('close', () => resolve(response.statusCode ?? 0));
          response.on('error', () => resolve(response.statusCode ?? 0));
        },
      );
      request.on('timeout', () => request.destroy(new Error(`no answer within ${this.options.timeoutMs} ms`)));
      request.on('error', reject);
      request.end(body);
    });
  }
}
