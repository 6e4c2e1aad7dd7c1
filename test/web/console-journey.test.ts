/**
 * The whole life of a seal through the console, in real Chromium, by the people who do each step:
 * the unit administrator applies (materials hashed in the page), the seal maker reviews the materials
 * and makes the seal, public security acknowledges the filing, the administrator creates the
 * custodian's and the approver's accounts (one-time passwords shown once), both replace them at first
 * sign-in, the custodian replaces the maker's PIN, asks for approval, places the seal by a text
 * anchor on the page rendered by pdf.js, signs and downloads; the file verifies VALID, and the
 * administrator sees the signing record. Keyboard reachability and axe-core on every page.
 */
import { readFileSync } from 'node:fs';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { newResidentId } from '../lifecycle/support/fixtures';
import { request } from '../security/support';
import { samplePdf } from '../signing/support/signing-world';
import { accessibilityViolations, launchBrowser, openPage, saveScreenshot, tabTo } from './support/browser';
import { startSecureWorld, type SecureWorld } from './support/secure-world';

let world: SecureWorld;
let browser: Browser;
let unitId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  world = await startSecureWorld();
  ({ unitId } = await world.unit('天津全程测试有限公司'));
  await world.account('admin.journey', 'admin-password-1', ['UNIT_ADMIN'], { unitId });
  await world.account('maker.journey', 'maker-password-1', ['SEAL_MAKER_OPERATOR']);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await world?.close();
});

/** Signs in by keyboard alone and waits for `ready` (or a refusal). */
async function signIn(page: Page, username: string, password: string, ready: string): Promise<void> {
  await page.goto(`${world.baseUrl}/console`);
  await tabTo(page, '#username');
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  // Password hashing is deliberately slow (scrypt), more so on a loaded machine.
  await page.waitForSelector(`${ready}, [role=alert]`, { timeout: 60_000 });
}

/** A first sign-in: the one-time password, then the person's own, then the console. */
async function firstSignIn(page: Page, username: string, oneTime: string, password: string, ready: string): Promise<void> {
  await signIn(page, username, oneTime, '#first-password-title');
  await page.fill('#new-password', password);
  await page.fill('#repeat-password', password);
  await page.press('#repeat-password', 'Enter');
  await page.waitForSelector(`${ready}, [data-problem]`, { timeout: 60_000 });
  const problem = await page.$('[data-problem]');
  expect(problem ? await problem.textContent() : null).toBeNull();
}

async function noViolations(page: Page): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
}

describe('a seal from application to a signed download, through the console', () => {
  it('is applied for, reviewed, made, filed, handed to its people and used to sign', async () => {
    // 1. The unit administrator applies for a contract seal with its custodian and materials.
    const admin = await openPage(browser);
    await signIn(admin.page, 'admin.journey', 'admin-password-1', '#admin-title');
    await tabTo(admin.page, '#apply-kind');
    await admin.page.selectOption('#apply-kind', 'CONTRACT');
    await admin.page.fill('#apply-person-name', '王五');
    await admin.page.fill('#apply-person-id', newResidentId());
    const materialKinds = await admin.page.$$eval('[data-material-input]', (inputs) =>
      inputs.map((i) => i.getAttribute('data-material-input')!),
    );
    expect(materialKinds).toEqual(['APPLICATION_FORM', 'BUSINESS_LICENCE', 'LEGAL_REPRESENTATIVE_ID', 'PHYSICAL_SEAL_IMPRINT']);
    for (const kind of materialKinds) {
      await admin.page.setInputFiles(`#material-${kind}`, {
        name: `${kind}.pdf`,
        mimeType: 'application/pdf',
        buffer: Buffer.from(`scan of ${kind}`),
      });
      await admin.page.waitForSelector(`[data-material-sm3=${kind}]`);
    }
    await noViolations(admin.page);
    await admin.page.click('#apply-title ~ button[type=submit]');
    await admin.page.waitForSelector('[data-apply-outcome]');
    expect(await admin.page.getAttribute('[data-apply-outcome]', 'data-apply-outcome')).toBe('ok');
    await saveScreenshot(admin.page, 'console-admin-applied');

    // 2. The seal maker sees it with its materials, approves it by keyboard, and makes the seal.
    const maker = await openPage(browser);
    await signIn(maker.page, 'maker.journey', 'maker-password-1', '#maker-title');
    await maker.page.waitForSelector('[data-application]');
    expect(await maker.page.$$eval('[data-application] [data-material]', (rows) => rows.length)).toBe(4);
    expect(await maker.page.textContent('[data-application] [data-material=BUSINESS_LICENCE]')).toContain('BUSINESS_LICENCE.pdf');
    await noViolations(maker.page);
    await saveScreenshot(maker.page, 'console-maker-review');
    await tabTo(maker.page, '[data-action=approve-application]', 60);
    await maker.page.keyboard.press('Enter');
    await maker.page.waitForSelector('[data-make]');
    const applicationId = (await maker.page.getAttribute('[data-make]', 'data-make'))!;
    await maker.page.fill(`#initial-pin-${applicationId}`, '135790');
    await maker.page.press(`#initial-pin-${applicationId}`, 'Enter');
    await maker.page.waitForSelector('[data-made]');
    const sealId = (await maker.page.getAttribute('[data-made]', 'data-made'))!;
    await maker.page.waitForSelector(`[data-filing="${sealId}"][data-state=PENDING]`);
    await noViolations(maker.page);
    await saveScreenshot(maker.page, 'console-maker-made');

    // 3. Public security acknowledges the filing (its loopback service's answer); the maker sees it filed.
    const [filing] = await world.h.services!.store.models.filings.find({ sealId }).lean();
    await world.h.services!.filingPorts.store.markAcknowledged(String(filing!._id), {
      ackId: 'ack-journey',
      filedAt: new Date().toISOString(),
    });
    await maker.page.reload();
    await maker.page.waitForSelector(`[data-filing="${sealId}"][data-state=ACKED]`, { timeout: 60_000 });

    // 4. The administrator sees the seal in use and creates the custodian's and the approver's accounts.
    await admin.page.reload();
    await admin.page.waitForSelector(`[data-seal="${sealId}"][data-status=ACTIVE]`);
    const oneTime: Record<string, string> = {};
    for (const [username, role, name] of [
      ['keeper.wang', 'SEAL_CUSTODIAN', '王五'],
      ['approver.zhang', 'APPROVER', '张三'],
    ] as const) {
      await admin.page.fill('#account-username', username);
      await admin.page.selectOption('#account-role', role);
      // The page shows people by their masked names (王*): the surname picks them apart here.
      const personId = await admin.page.getAttribute(`#account-person option:has-text("${name[0]}")`, 'value');
      await admin.page.selectOption('#account-person', personId!);
      await admin.page.click('#new-account-title ~ button[type=submit]');
      await admin.page.waitForSelector(`[data-created-account="${username}"]`);
      oneTime[username] = (await admin.page.textContent('[data-one-time-password]'))!;
      await admin.page.waitForSelector(`[data-account="${username}"]`);
    }
    await noViolations(admin.page);
    await saveScreenshot(admin.page, 'console-admin-accounts');

    // 5. The custodian signs in for the first time, replaces the one-time password and the maker's PIN.
    const keeper = await openPage(browser);
    const page = keeper.page;
    await firstSignIn(page, 'keeper.wang', oneTime['keeper.wang']!, 'keeper-password-12', '#sign-title');
    await page.waitForSelector(`#seal option[value="${sealId}"]`, { state: 'attached' });
    await page.fill('#current-pin', '135790');
    await page.fill('#new-pin', '246800');
    await page.press('#new-pin', 'Enter');
    await page.waitForSelector('[data-pin-outcome]');
    expect(await page.textContent('[data-pin-outcome]')).toBe('口令已修改。');

    // 6. A PDF, the approval asked for and granted by the approver in their own first session.
    const pdf = await samplePdf('journey contract', 3);
    await page.setInputFiles('#pdf', { name: 'contract.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) });
    await page.fill('#purpose', '全程合同');
    await page.click('[data-action=request-approval]');
    await page.waitForSelector('[data-approval=PENDING]');
    const boss = await openPage(browser);
    await firstSignIn(boss.page, 'approver.zhang', oneTime['approver.zhang']!, 'approver-password-12', '[data-request]');
    await boss.page.click('[data-request] [data-action=approve]');
    await boss.page.waitForSelector('[data-request] [data-outcome]');
    await page.click('[data-action=check-approval]');
    await page.waitForSelector('[data-approval=APPROVED]');

    // 7. The pages are rendered by pdf.js; a text anchor puts the seal over "page 2" of page 2.
    await page.waitForSelector('[data-page-outline][data-rendered-page="1"]');
    await page.fill('#anchor-text', 'page 2');
    await page.click('[data-action=find-anchor]');
    await page.waitForSelector('[data-anchor-outcome]');
    expect(await page.inputValue('#placement-page')).toBe('2');
    await page.waitForSelector('[data-page-outline][data-rendered-page="2"]');
    // samplePdf draws "journey contract page N" in 14 pt Helvetica from x 50 pt, baseline 780 pt of an A4
    // page: the 40 mm seal's centre lands on "page 2" (within a few mm: the page places by characters).
    const helvetica = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    const before = helvetica.widthOfTextAtSize('journey contract ', 14);
    const centre = { x: ((50 + before + helvetica.widthOfTextAtSize('page 2', 14) / 2) * 25.4) / 72, y: ((841.89 - 785) * 25.4) / 72 };
    const placed = { x: Number(await page.inputValue('#placement-xMm')) + 20, y: Number(await page.inputValue('#placement-yMm')) + 20 };
    expect(Math.abs(placed.x - centre.x)).toBeLessThan(6);
    expect(Math.abs(placed.y - centre.y)).toBeLessThan(5);
    await page.fill('#pin', '246800');
    await noViolations(page);
    await saveScreenshot(page, 'console-journey-ready');
    await page.press('#pin', 'Enter');
    await page.waitForSelector('[data-signed], [data-problem]', { timeout: 60_000 });
    expect(await page.$('[data-problem]')).toBeNull();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-download=signed]')]);
    const signed = readFileSync((await download.path())!);

    const report = await request(world.h.app).post('/api/v1/public/documents/verify').set('content-type', 'application/pdf').send(signed);
    const sealCode = (await world.h.services!.store.models.seals.findById(sealId).lean())!.sealCode;
    expect(report.body).toMatchObject({ valid: true, verdict: 'VALID', signatures: [{ page: 2, esID: sealCode }] });

    // 8. The administrator sees the signing record.
    await admin.page.reload();
    await admin.page.waitForSelector('[data-record]');
    expect(await admin.page.textContent('[data-record]')).toContain(sealCode);
    await saveScreenshot(admin.page, 'console-admin-records');
    for (const who of [admin, maker, keeper, boss]) expect(who.problems).toEqual([]);
  }, 300_000);
});
