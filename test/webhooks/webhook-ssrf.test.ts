import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertWebhookUrlAllowed } from '../../server/src/webhooks/url-policy';
import { HttpWebhookSender, deliverWebhook, type WebhookAttempt, type WebhookDeliveryTarget } from '../../worker/src/webhooks';

/** A loopback server standing in for an internal service (cloud metadata, an admin port) that counts every request it gets. */
async function internalService(answer: (res: http.ServerResponse) => void = (res) => void res.writeHead(200).end('secret')) {
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    req.resume();
    answer(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}/latest/meta-data`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('webhook targets cannot reach internal addresses (SSRF)', () => {
  const strict = { allowPrivateTargets: false };

  // Every spelling of an IPv4 address inside an IPv6 one (mapped, compatible, translated, NAT64, 6to4)
  // and the numeric IPv4 forms the URL parser normalises: the subscription is refused.
  it.each([
    'https://[::ffff:127.0.0.1]/hook',
    'https://[::ffff:7f00:1]/hook',
    'https://[0:0:0:0:0:ffff:127.0.0.1]/hook',
    'https://[::127.0.0.1]/hook',
    'https://[::7f00:1]/hook',
    'https://[::ffff:169.254.169.254]/latest/meta-data',
    'https://[::ffff:a9fe:a9fe]/latest/meta-data',
    'https://[::ffff:0:127.0.0.1]/hook',
    'https://[64:ff9b::169.254.169.254]/hook',
    'https://[2002:a9fe:a9fe::]/hook',
    'https://[fec0::1]/hook',
    'https://2130706433/hook',
    'https://0x7f.1/hook',
    'https://0177.0.0.1/hook',
  ])('refuses the subscription %s', async (url) => {
    await expect(assertWebhookUrlAllowed(url, strict)).rejects.toMatchObject({
      code: 'WEBHOOK_URL_REFUSED',
      message: expect.stringMatching(/not a public address/),
    });
  });

  it('refuses to connect at send time to an IPv4-mapped or -compatible spelling of loopback', async () => {
    const service = await internalService();
    const sender = new HttpWebhookSender({ timeoutMs: 2000, allowPrivateTargets: false });
    try {
      for (const host of ['[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '[::127.0.0.1]', '[0:0:0:0:0:ffff:7f00:1]']) {
        await expect(sender.send(`http://${host}:${service.port}/hook`, {}, '{}')).rejects.toThrow(/not a public address/);
      }
      // A name that resolves to loopback when the delivery is sent (whatever it resolved to when subscribed).
      await expect(sender.send(`http://localhost:${service.port}/hook`, {}, '{}')).rejects.toThrow(/no public address/);
      expect(service.requests()).toBe(0);
    } finally {
      await service.close();
    }
  });

  it('does not follow a redirect from the receiver to an internal address: the attempt fails and is logged', async () => {
    const metadata = await internalService();
    const receiver = await internalService((res) => void res.writeHead(302, { location: metadata.url }).end());
    const attempts: Array<{ attempt: WebhookAttempt; outcome?: string }> = [];
    const target: WebhookDeliveryTarget = {
      deliveryId: `whd_${'1'.repeat(40)}`,
      subscriptionId: 'whs_redirect',
      event: 'seal.revoked',
      url: `http://127.0.0.1:${receiver.port}/hook`,
      secret: 'whsec_test',
      body: '{}',
      state: 'PENDING',
      active: true,
    };
    try {
      // Private targets allowed only so the loopback receiver can be reached at all; the redirect is what is tested.
      const sender = new HttpWebhookSender({ timeoutMs: 2000, allowPrivateTargets: true });
      await expect(
        deliverWebhook(
          {
            sender,
            store: {
              load: async () => target,
              recordAttempt: async (_id, attempt, outcome) => void attempts.push({ attempt, ...(outcome ? { outcome } : {}) }),
            },
          },
          target.deliveryId,
          true,
        ),
      ).rejects.toThrow(/receiver answered 302/);
      expect(receiver.requests()).toBe(1);
      expect(metadata.requests()).toBe(0);
      expect(attempts).toEqual([{ attempt: expect.objectContaining({ status: 302, error: 'receiver answered 302' }), outcome: 'FAILED' }]);
    } finally {
      await Promise.all([metadata.close(), receiver.close()]);
    }
  });
});
