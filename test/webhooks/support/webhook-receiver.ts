/**
 * TEST-ONLY: a loopback HTTP receiver that behaves as an API client's endpoint should: it checks each
 * delivery's signature and timestamp, answers a delivery id it already processed as a repeat without
 * processing it again, fails on command, and counts what it got.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WEBHOOK_HEADERS, checkWebhookSignature } from '../../../worker/src/webhooks';

export interface ReceivedDelivery {
  deliveryId: string;
  event: string;
  body: { id: string; type: string; createdAt: string; data: Record<string, unknown> };
}

export interface WebhookReceiver {
  url: string;
  /** The subscription's secret, once known. */
  secret: string;
  /** Accepted deliveries, first time each. */
  readonly processed: ReceivedDelivery[];
  /** Requests of any kind, and those refused for a bad signature or timestamp. */
  readonly counts: { requests: number; repeats: number; badSignatures: number; failedOnCommand: number };
  /** Answer the next `n` requests with 500. */
  failNext(n: number): void;
  /** Resolves once `n` deliveries of `event` have been processed. */
  waitFor(event: string, n: number): Promise<ReceivedDelivery[]>;

  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const processed: ReceivedDelivery[] = [];
  const counts = { requests: 0, repeats: 0, badSignatures: 0, failedOnCommand: 0 };
  const waiters: Array<{ event: string; n: number; resolve: (d: ReceivedDelivery[]) => void }> = [];
  let failing = 0;

  const receiver = { secret: '' } as { secret: string };
  const settle = () => {
    for (const w of waiters.splice(0)) {
      const got = processed.filter((d) => d.event === w.event);
      if (got.length >= w.n) w.resolve(got);
      else waiters.push(w);
    }
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      counts.requests++;
      const raw = Buffer.concat(chunks);
      const check = checkWebhookSignature({
        secret: receiver.secret,
        body: raw,
        timestamp: req.headers[WEBHOOK_HEADERS.timestamp] as string | undefined,
        signature: req.headers[WEBHOOK_HEADERS.signature] as string | undefined,
      });
      if (!check.ok) {
        counts.badSignatures++;
        res.writeHead(401).end(check.reason);
        return;
      }
      if (failing > 0) {
        failing--;
        counts.failedOnCommand++;
        res.writeHead(500).end('failing on command');
        return;
      }
      const deliveryId = req.headers[WEBHOOK_HEADERS.delivery] as string;
      if (processed.some((d) => d.deliveryId === deliveryId)) {
        counts.repeats++;
        res.writeHead(200).end('repeat');
        return;
      }
      processed.push({ deliveryId, event: req.headers[WEBHOOK_HEADERS.event] as string, body: JSON.parse(raw.toString('utf8')) });
      res.writeHead(204).end();
      settle();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hooks`,
    processed,
    counts,
    failNext: (n: number) => void (failing = n),
    waitFor: (event: string, n: number) =>
      new Promise<ReceivedDelivery[]>((resolve) => {
        waiters.push({ event, n, resolve });
        settle();
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
