/**
 * The full signing journey through the console in real Chromium: the custodian replaces the maker's
 * one-time PIN, picks a PDF, asks for approval; the approver approves it in their inbox (another
 * browser session); the custodian drags the seal to its place, enters the PIN, signs and downloads.
 * The downloaded file verifies VALID through the public API, with the seal where it was dropped.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { samplePdf, sm3Hex } from '../signing/support/signing-world';
import { request } from '../security/support';
import { accessibilityViolations, launchBrowser, openPage, saveScreenshot } from './support/browser';
import { startSecureWorld, type SecureWorld } from './support/secure-world';

let world: SecureWorld;
let browser: Browser;
let sealId: string;
let sealCode: string;

beforeAll(async () => {
  browser = await launchBrowser();
  world = await startSecureWorld();
  const { unitId } = await world.unit('天津签章旅程测试有限公司');
  const seal = await world.seal(unitId, 'CONTRACT', true);
  sealId = seal.sealId;
  sealCode = seal.sealCode;
  const people = await world.h.services!.store.models.people.find({ unitId }).lean();
  const approver = people.find((p) => String(p._id) !== seal.custodianPersonId)!;
  await world.account('keeper.journey', 'keeper-password-1', ['SEAL_CUSTODIAN'], { unitId, personId: seal.custodianPersonId });
  await world.account('approver.journey', 'approver-password-1', ['APPROVER'], { unitId, personId: String(approver._id) });
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
  // Password hashing is deliberately slow (scrypt), more so on a loaded machine.
  await page.waitForSelector(`${ready}, [role=alert]`, { timeout: 60_000 });
}

describe('the signing journey through the console in Chromium', () => {
  it('goes from the PIN change and the approval to a downloaded, valid signed PDF', async () => {
    const keeper = await openPage(browser);
    const page = keeper.page;
    await signIn(page, 'keeper.journey', 'keeper-password-1', '#sign-title');
    await page.waitForSelector(`#seal option[value="${sealId}"]`, { state: 'attached' });

    // The maker's PIN is one-time: the custodian sets their own first.
    await page.fill('#current-pin', '135790');
    await page.fill('#new-pin', '246800');
    await page.press('#new-pin', 'Enter');
    await page.waitForSelector('[data-pin-outcome]');
    expect(await page.textContent('[data-pin-outcome]')).toBe('口令已修改。');

    const pdf = await samplePdf('console journey', 2);
    await page.setInputFiles('#pdf', { name: 'contract.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) });
    await page.waitForSelector('[data-file]');
    expect(await page.textContent('[data-file]')).toContain(sm3Hex(pdf)); // computed in the page
    await page.fill('#purpose', '供货合同');
    await page.click('[data-action=request-approval]');
    await page.waitForSelector('[data-approval=PENDING]');
    await saveScreenshot(page, 'console-sign-waiting');

    // The approver, in their own session, approves it from the inbox.
    const boss = await openPage(browser);
    await signIn(boss.page, 'approver.journey', 'approver-password-1', '[data-request]');
    expect(await boss.page.textContent('[data-request] h3')).toBe('供货合同');
    await boss.page.click('[data-request] [data-action=approve]');
    await boss.page.waitForSelector('[data-request] [data-outcome]');

    await page.click('[data-action=check-approval]');
    await page.waitForSelector('[data-approval=APPROVED]');
    // Drag the seal to about 100 mm from the left and 150 mm from the top of page 2.
    await page.fill('#placement-page', '2');
    const outline = (await (await page.$('[data-page-outline]'))!.boundingBox())!;
    await page.mouse.move(outline.x + 50, outline.y + 50);
    await page.mouse.down();
    await page.mouse.move(outline.x + 120 * 1.2, outline.y + 170 * 1.2, { steps: 5 });
    await page.mouse.up();
    expect(Number(await page.inputValue('#placement-xMm'))).toBe(100);
    expect(Number(await page.inputValue('#placement-yMm'))).toBe(150);
    await page.fill('#pin', '246800');
    expect(await accessibilityViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-sign-ready');
    await page.press('#pin', 'Enter');
    await page.waitForSelector('[data-signed], [data-problem]', { timeout: 60_000 });
    expect(await page.$('[data-problem]')).toBeNull();

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-download=signed]')]);
    expect(download.suggestedFilename()).toBe('contract-signed.pdf');
    const signed = readFileSync((await download.path())!);
    await saveScreenshot(page, 'console-signed');

    const report = await request(world.h.app).post('/api/v1/public/documents/verify').set('content-type', 'application/pdf').send(signed);
    expect(report.body).toMatchObject({ valid: true, verdict: 'VALID', signatures: [{ page: 2, esID: sealCode }] });
    expect(keeper.problems).toEqual([]);
  }, 180_000);
});
