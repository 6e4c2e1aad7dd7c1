import { assertWebhookUrlAllowed } from './url-policy';
import { readWebhookSettings } from './webhook-settings';

describe('webhook URL policy', () => {
  const strict = { allowPrivateTargets: false };

  it.each([
    ['http://example.com/hook', /https only/],
    ['https://127.0.0.1/hook', /not a public address/],
    ['https://10.0.0.5/hook', /not a public address/],
    ['https://169.254.169.254/latest/meta-data', /not a public address/],
    ['https://[::1]/hook', /not a public address/],
    ['https://[::ffff:192.168.1.1]/hook', /not a public address/],
    ['https://localhost/hook', /not a public address/],
    ['https://user:pw@example.com/hook', /credentials/],
    ['file:///etc/passwd', /https only/],
    ['not a url', /not a URL/],
  ])('refuses %s outside development configuration', async (url, why) => {
    await expect(assertWebhookUrlAllowed(url, strict)).rejects.toMatchObject({
      code: 'WEBHOOK_URL_REFUSED',
      message: expect.stringMatching(why),
    });
  });

  it('admits https to a public address, and loopback http only with WEBHOOK_ALLOW_PRIVATE_TARGETS=true', async () => {
    await expect(assertWebhookUrlAllowed('https://8.8.8.8/hook', strict)).resolves.toBe('https://8.8.8.8/hook');
    await expect(
      assertWebhookUrlAllowed('http://127.0.0.1:8080/hook', readWebhookSettings({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' })),
    ).resolves.toBe('http://127.0.0.1:8080/hook');
    expect(readWebhookSettings({}).allowPrivateTargets).toBe(false);
    expect(() => readWebhookSettings({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'yes' })).toThrow(/true or false/);
    expect(() => readWebhookSettings({ WEBHOOK_ATTEMPTS: '0' })).toThrow(/WEBHOOK_ATTEMPTS/);
  });
});
