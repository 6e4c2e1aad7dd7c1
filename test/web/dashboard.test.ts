/**
 * The statistics dashboard in real Chromium over the production security stack: sign in by keyboard
 * (cookie session with its CSRF token), read the numbers, and check each against GET /api/v1/stats;
 * axe-core on the sign-in form and the dashboard; a form on another site cannot act with the session.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { materialsFor, newUscc, person } from '../lifecycle/support/fixtures';
import { samplePdf } from '../signing/support/signing-world';
import { SYSTEM, request, startHarness, tokenFor, type SecureHarness } from '../security/support';
import { accessibilityViolations, focusedId, launchBrowser, openPage, saveScreenshot, tabTo } from './support/browser';

let h: SecureHarness;
let server: Server;
let baseUrl: string;
let browser: Browser;
const PASSWORD = 'dashboard-password-1';

beforeAll(async () => {
  browser = await launchBrowser();
  h = await startHarness({ production: true });
  server = createServer(h.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // A supervisor account past its one-time password.
  const { oneTimePassword } = await h.security.auth.accounts.create(SYSTEM, { username: 'ps.dashboard', roles: ['PUBLIC_SECURITY_ADMIN'] });
  const first = await request(h.app).post('/api/v1/auth/sign-in').send({ username: 'ps.dashboard', password: oneTimePassword });
  await request(h.app)
    .post('/api/v1/auth/password')
    .set('Authorization', `Bearer ${first.body.tokens.accessToken}`)
    .send({ currentPassword: oneTimePassword, newPassword: PASSWORD });

  // Something to count: two seals made by the maker, and two public verifications.
  const maker = { Authorization: `Bearer ${tokenFor(h, 'SEAL_MAKER_OPERATOR')}` };
  const unit = await request(h.app)
    .post('/api/v1/units')
    .set(maker)
    .send({ name: '天津看板测试有限公司', uscc: newUscc(), category: 'ENTERPRISE', legalRepresentative: person('张三') });
  expect(unit.status).toBe(201);
  for (const kind of ['CONTRACT', 'FINANCE']) {
    const submitted = await request(h.app)
      .post('/api/v1/seal-applications')
      .set(maker)
      .send({ unitId: unit.body.unitId, kind, channel: 'IN_PERSON', materials: materialsFor(kind as never), custodian: person('李四') });
    expect(submitted.status).toBe(201);
    await request(h.app).post(`/api/v1/seal-applications/${submitted.body.applicationId}/review`).set(maker).send({ decision: 'APPROVE' });
    const made = await request(h.app)
      .post('/api/v1/seals')
      .set(maker)
      .send({ applicationId: submitted.body.applicationId, initialPin: '135790' });
    expect(made.status).toBe(201);
  }
  const pdf = Buffer.from(await samplePdf('counted', 1));
  for (let i = 0; i < 2; i++) {
    await request(h.app).post('/api/v1/public/documents/verify').set('content-type', 'application/pdf').send(pdf).expect(200);
  }
}, 120_000);
afterAll(async () => {
  await browser?.close();
  if (server) {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }
  await h?.close();
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

    const api = await request(h.app)
      .get('/api/v1/stats')
      .query({ from: await page.inputValue('#from'), to: await page.inputValue('#to') })
      .set('Authorization', `Bearer ${tokenFor(h, 'AUDITOR')}`);
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
