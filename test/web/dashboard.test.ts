/**
 * The statistics dashboard in real Chromium over the production security stack: sign in by keyboard
 * (cookie session with its CSRF token), read the numbers, and check each against GET /api/v1/stats;
 * axe-core on the sign-in form and the dashboard; a form on another site cannot act with the session.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { samplePdf } from '../signing/support/signing-world';
import { request, tokenFor } from '../security/support';
import { accessibilityViolations, focusedId, launchBrowser, openPage, saveScreenshot, tabTo } from './support/browser';
import { startSecureWorld, type SecureWorld } from './support/secure-world';

let world: SecureWorld;
let baseUrl: string;
let browser: Browser;
const PASSWORD = 'dashboard-password-1';

beforeAll(async () => {
  browser = await launchBrowser();
  world = await startSecureWorld();
  baseUrl = world.baseUrl;
  await world.account('ps.dashboard', PASSWORD, ['PUBLIC_SECURITY_ADMIN']);
  // Something to count: two seals made by the maker, and two public verifications.
  const { unitId } = await world.unit('天津看板测试有限公司');
  await world.seal(unitId, 'CONTRACT');
  await world.seal(unitId, 'FINANCE');
  const pdf = Buffer.from(await samplePdf('counted', 1));
  for (let i = 0; i < 2; i++) {
    await request(world.h.app).post('/api/v1/public/documents/verify').set('content-type', 'application/pdf').send(pdf).expect(200);
  }
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await world?.close();
});

async function signInByKeyboard(page: Page): Promise<void> {
  await page.goto(`${baseUrl}/stats`);
  await tabTo(page, '#username');
  await page.keyboard.type('ps.dashboard');
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  // Password hashing is deliberately slow (scrypt), more so on a loaded machine.
  await page.waitForSelector('[data-card=signings], [role=alert]', { timeout: 60_000 });
  const alert = await page.$('[role=alert]');
  if (alert) throw new Error(`sign-in: ${await alert.textContent()}`);
}

const cardNumber = async (page: Page, id: string) => Number(await page.textContent(`[data-card=${id}] .number`));

describe('the statistics dashboard in Chromium', () => {
  it('signs in by keyboard and shows the numbers the API gives, in cards and charts', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${baseUrl}/stats`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await saveScreenshot(page, 'dashboard-sign-in');
    await signInByKeyboard(page);
    // The sign-in is audited once its answer is sent, so the page's first read of the numbers may
    // come before that entry is stored. Once it is, show the page again: both reads then see it.
    await world.h.security.auditLog.flush();
    await page.reload();
    await page.waitForSelector('[data-card=signings]');

    const api = await request(world.h.app)
      .get('/api/v1/stats')
      .query({ from: await page.inputValue('#from'), to: await page.inputValue('#to') })
      .set('Authorization', `Bearer ${tokenFor(world.h, 'AUDITOR')}`);
    expect(api.status).toBe(200);
    expect(api.body.seals.total).toBe(2);
    expect(api.body.verifications.total).toBeGreaterThanOrEqual(2);

    expect(await cardNumber(page, 'signings')).toBe(api.body.signings.total);
    expect(await cardNumber(page, 'verifications')).toBe(api.body.verifications.total);
    expect(await cardNumber(page, 'seals')).toBe(api.body.seals.total);
    expect(await cardNumber(page, 'deadLetters')).toBe(api.body.relay.deadLetters);
    expect(await cardNumber(page, 'auditEntries')).toBe(api.body.auditChain.entries);
    const bars = async (chart: string) =>
      Object.fromEntries(
        await page.$$eval(`[data-chart=${chart}] g[data-key]`, (gs) =>
          gs.map((g) => [g.getAttribute('data-key'), Number(g.getAttribute('data-count'))]),
        ),
      );
    const counts = (list: Array<{ key: string; count: number }>) => Object.fromEntries(list.map((c) => [c.key, c.count]));
    expect(await bars('seals-by-kind')).toEqual(counts(api.body.seals.byKind));
    expect(await bars('seals-by-kind')).toEqual({ CONTRACT: 1, FINANCE: 1 });
    expect(await bars('seals-by-status')).toEqual(counts(api.body.seals.byStatus));
    expect(await bars('filings-by-state')).toEqual(counts(api.body.filings.byState));
    expect(await bars('verifications-by-day')).toEqual(counts(api.body.verifications.byDay));
    expect(await accessibilityViolations(page)).toEqual([]);
    await saveScreenshot(page, 'dashboard');
    expect(problems).toEqual([]);
  }, 120_000);

  it('keeps the session in an HttpOnly cookie the page cannot read, and a cross-site form cannot use it', async () => {
    const { page } = await openPage(browser);
    await signInByKeyboard(page);
    expect(await page.evaluate('document.cookie')).toBe('');
    const cookies = await page.context().cookies(baseUrl + '/api/');
    expect(cookies.find((c) => c.name === 'eseal_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    // Another site (localhost is a different site from 127.0.0.1) posts a form to the API.
    const evil = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(
        `<form id="f" method="post" action="${baseUrl}/api/v1/auth/browser-session/sign-out"></form><script>document.getElementById('f').submit()</script>`,
      );
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    try {
      const evilPage = await page.context().newPage();
      const answer = evilPage.waitForResponse((r) => r.url().endsWith('/auth/browser-session/sign-out'));
      await evilPage.goto(`http://localhost:${(evil.address() as AddressInfo).port}/`);
      const refused = await answer;
      expect(refused.status()).toBe(401); // SameSite=Strict: the browser did not even send the cookie
    } finally {
      evil.closeAllConnections();
      await new Promise<void>((resolve) => evil.close(() => resolve()));
    }
    // The session is untouched: the dashboard still reads.
    await page.reload();
    await page.waitForSelector('[data-card=signings]');
    expect(await focusedId(page)).toBeDefined();
  }, 120_000);
});
