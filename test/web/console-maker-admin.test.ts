/**
 * The seal maker's and the unit administrator's pages in Chromium, beyond the journey: the maker
 * rejects an application (a reason is required on the page, and the API records it); the
 * administrator issues an API key that works against the API once shown, revokes it on the page so
 * the API refuses it, and reads the page in English. axe-core and keyboard on each.
 */
import type { Browser, Page } from 'playwright-core';
import { materialsFor, newResidentId, person } from '../lifecycle/support/fixtures';
import { request, tokenFor } from '../security/support';
import { accessibilityViolations, launchBrowser, openPage, saveScreenshot, tabTo } from './support/browser';
import { startSecureWorld, type SecureWorld } from './support/secure-world';

let world: SecureWorld;
let browser: Browser;
let unitId: string;
let applicationId: string;

jest.setTimeout(120_000);

beforeAll(async () => {
  browser = await launchBrowser();
  world = await startSecureWorld();
  ({ unitId } = await world.unit('天津制章管理测试有限公司'));
  await world.account('admin.pages', 'admin-password-1', ['UNIT_ADMIN'], { unitId });
  await world.account('maker.pages', 'maker-password-1', ['SEAL_MAKER_OPERATOR']);
  const submitted = await request(world.h.app)
    .post('/api/v1/seal-applications')
    .set('Authorization', `Bearer ${tokenFor(world.h, 'SEAL_MAKER_OPERATOR')}`)
    .send({ unitId, kind: 'FINANCE', channel: 'IN_PERSON', materials: materialsFor('FINANCE'), custodian: person('赵六') });
  expect(submitted.status).toBe(201);
  applicationId = submitted.body.applicationId;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await world?.close();
});

async function signIn(page: Page, username: string, password: string, ready: string): Promise<void> {
  await page.goto(`${world.baseUrl}/console`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.press('#password', 'Enter');
  await page.waitForSelector(`${ready}, [role=alert]`, { timeout: 60_000 });
}

const applicationStatus = async () =>
  (
    await request(world.h.app)
      .get(`/api/v1/seal-applications/${applicationId}`)
      .set('Authorization', `Bearer ${tokenFor(world.h, 'SEAL_MAKER_OPERATOR')}`)
  ).body;

describe("the seal maker's page", () => {
  it('rejects an application only with a reason, which the API then records', async () => {
    const { page, problems } = await openPage(browser);
    await signIn(page, 'maker.pages', 'maker-password-1', `[data-application="${applicationId}"]`);
    const card = `[data-application="${applicationId}"]`;
    expect(await page.textContent(`${card} h4`)).toContain('财务专用章');
    await tabTo(page, `${card} [data-action=reject-application]`, 60);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${card} [role=alert]`);
    expect(await page.textContent(`${card} [role=alert]`)).toBe('驳回需要填写理由。');
    expect((await applicationStatus()).status).toBe('SUBMITTED');
    await page.fill(`#reject-${applicationId}`, '营业执照已过期');
    await page.click(`${card} [data-action=reject-application]`);
    await page.waitForSelector(card, { state: 'detached' });
    expect(await applicationStatus()).toMatchObject({ status: 'REJECTED', rejectionReason: '营业执照已过期' });
    expect(await accessibilityViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-maker-rejected');
    expect(problems).toEqual([]);
  });
});

describe("the unit administrator's page", () => {
  it('issues an API key shown once that the API accepts, and revokes it so the API refuses it', async () => {
    const { page, problems } = await openPage(browser);
    await signIn(page, 'admin.pages', 'admin-password-1', '#keys-title');
    await tabTo(page, '#key-name', 80);
    await page.keyboard.type('财务系统');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-api-key]');
    const apiKey = (await page.textContent('[data-api-key]'))!;
    const keyId = (await page.getAttribute('[data-issued-key]', 'data-issued-key'))!;
    const records = () => request(world.h.app).get(`/api/v1/signatures?unitId=${unitId}`).set('X-API-Key', apiKey);
    expect((await records()).status).toBe(200);

    await page.waitForSelector(`[data-key="${keyId}"][data-status=ACTIVE]`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.click(`[data-key="${keyId}"] [data-action=revoke-key]`);
    await page.waitForSelector(`[data-key="${keyId}"][data-status=REVOKED]`);
    expect((await records()).body.error.code).toBe('API_KEY_REVOKED');
    await saveScreenshot(page, 'console-admin-keys');
    expect(problems).toEqual([]);
  });

  it('hands a seal to a new custodian with the current PIN; a wrong PIN changes nothing', async () => {
    const seal = await world.seal(unitId, 'CONTRACT', true);
    const custodianOf = async () =>
      (
        await request(world.h.app)
          .get(`/api/v1/seals/${seal.sealId}`)
          .set('Authorization', `Bearer ${tokenFor(world.h, 'SEAL_MAKER_OPERATOR')}`)
      ).body.custodian?.personId as string;
    const { page, problems } = await openPage(browser);
    await signIn(page, 'admin.pages', 'admin-password-1', '#custodian-title');
    await page.selectOption('#custodian-seal', seal.sealId);
    await page.fill('#custodian-name', '孙七');
    await page.fill('#custodian-id', newResidentId());
    await page.fill('#custodian-current-pin', '999999');
    await page.fill('#custodian-new-pin', '864200');
    await page.press('#custodian-new-pin', 'Enter');
    await page.waitForSelector('[data-custodian-outcome=failed]');
    expect(await page.textContent('[data-custodian-outcome]')).toContain('WRONG_PIN');
    expect(await custodianOf()).toBe(seal.custodianPersonId);

    await page.fill('#custodian-current-pin', '135790');
    await page.press('#custodian-current-pin', 'Enter');
    await page.waitForSelector('[data-custodian-outcome=ok]', { timeout: 60_000 });
    expect(await custodianOf()).not.toBe(seal.custodianPersonId);
    await page.waitForSelector(`[data-seal="${seal.sealId}"]:has-text("孙")`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-admin-custodian');
    // The browser logs the refused wrong-PIN call as a failed resource; nothing else may go wrong.
    expect(problems.filter((problem) => !problem.includes('403 (Forbidden)') || !problem.includes('/custodian'))).toEqual([]);
    expect(problems).toHaveLength(1);
  });

  it('reads in English after the switch, and passes axe there too', async () => {
    const { page, problems } = await openPage(browser);
    await signIn(page, 'admin.pages', 'admin-password-1', '#admin-title');
    expect(await page.textContent('#admin-title')).toBe('单位管理');
    await page.click('.lang-switch[aria-label]');
    // The page re-renders after the click returns: wait for it, then read.
    await page.waitForSelector('html[lang="en"]', { state: 'attached' });
    expect(await page.textContent('#admin-title')).toBe('Unit administration');
    expect(await page.textContent('#apply-title')).toBe('Apply for a seal');
    expect(await accessibilityViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-admin-en');
    expect(problems).toEqual([]);
  });
});
