/**
 * The public verification portal in real headless Chromium: a valid, a modified and an unsigned PDF
 * dropped on the page, the answer read as a person reads it; the English switch; keyboard-only use;
 * axe-core on each state; and the Content-Security-Policy holding against an injected inline script.
 * Screenshots land in test-artifacts/web/.
 */
import type { Browser, Page } from 'playwright-core';
import { samplePdf } from '../signing/support/signing-world';
import { accessibilityViolations, focusedId, launchBrowser, openPage, saveScreenshot, tabTo } from './support/browser';
import { startSealWorld, type SealWorld } from './support/seal-world';
import { rewritePageOne } from './support/tampering';

let world: SealWorld;
let browser: Browser;
let signed: Uint8Array;

// A browser, a server and a ledger anchor on a shared machine: each page test gets more than the default.
jest.setTimeout(90_000);

beforeAll(async () => {
  browser = await launchBrowser();
  world = await startSealWorld();
  signed = await world.sign(await samplePdf('portal contract', 2));
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await world?.close();
});

async function dropFile(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  await page.setInputFiles('#file-input', { name, mimeType: 'application/pdf', buffer: Buffer.from(bytes) });
  await page.waitForSelector('#result [data-verdict], #result [data-error]');
}

const verdictOf = (page: Page) => page.getAttribute('#result .verdict', 'data-verdict');
const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? '').trim();

describe('the public verification portal in Chromium', () => {
  it('shows a validly sealed PDF as valid, with the imprint, unit, seal, code, signer, time and timeline', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${world.baseUrl}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await accessibilityViolations(page)).toEqual([]);
    await dropFile(page, 'contract.pdf', signed);

    expect(await verdictOf(page)).toBe('VALID');
    expect(await text(page, '#result .verdict-word')).toContain('有效');
    const card = '#result article.signature';
    expect(await text(page, `${card} [data-fact=unit]`)).toBe(world.unitName);
    expect(await text(page, `${card} [data-fact=sealCode]`)).toBe(world.sealCode);
    expect(world.sealCode).toMatch(/^\d{13}$/);
    expect(await text(page, `${card} [data-fact=esID]`)).toBe(world.esID);
    expect(await text(page, `${card} [data-fact=sealName]`)).not.toBe('—');
    expect(await text(page, `${card} [data-fact=signer]`)).not.toBe('—');
    expect(await text(page, `${card} [data-fact=page]`)).toBe('第 1 页');
    // The imprint is the seal data's own picture, decoded by the browser.
    // decode() waits for the browser to finish decoding it, and rejects if it cannot.
    const imprintWidth = await page.locator(`${card} img.imprint`).evaluate((element) => {
      const img = element as unknown as { decode(): Promise<void>; readonly naturalWidth: number };
      return img.decode().then(() => img.naturalWidth);
    });
    expect(imprintWidth).toBeGreaterThan(0);
    await page.waitForSelector(`${card} [data-step=step_filed][data-state=done]`);
    for (const step of ['step_made', 'step_filed', 'step_signed', 'step_anchored']) {
      expect(await page.getAttribute(`${card} [data-step=${step}]`, 'data-state')).toBe('done');
    }
    // No court chain has answered for this transaction yet: the look-up says so.
    await page.waitForSelector(`${card} [data-step=step_court][data-state=missing]`);
    expect(await page.getAttribute(`${card} [data-changes]`, 'data-changes')).toBe('none');
    expect(await page.getAttribute('[data-download=report]', 'href')).toMatch(/^blob:/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await saveScreenshot(page, 'portal-valid-zh');

    await page.click('.lang-switch');
    // The page re-renders after the click returns: wait for it, then read.
    await page.waitForSelector('html[lang="en"]', { state: 'attached' });
    expect(await text(page, '#result .verdict-word')).toContain('Valid');
    expect(await text(page, `${card} [data-fact=page]`)).toBe('page 1');
    await saveScreenshot(page, 'portal-valid-en');
    expect(problems).toEqual([]);
  });

  it("shows the court chain's receipt in the timeline once the relay confirms it", async () => {
    const receipted = await world.sign(await samplePdf('portal receipt', 1));
    const evidenceNumber = await world.confirmCourtReceipt(world.lastRecordId!);
    const { page, problems } = await openPage(browser);
    await page.goto(`${world.baseUrl}/`);
    await dropFile(page, 'receipted.pdf', receipted);
    const court = '#result article.signature [data-step=step_court]';
    await page.waitForSelector(`${court}[data-state=done]`);
    expect(await text(page, `${court} .step-detail`)).toContain(evidenceNumber);
    expect(await text(page, `${court} .step-detail`)).toContain('court-sim');
    expect(await accessibilityViolations(page)).toEqual([]);
    await saveScreenshot(page, 'portal-court-receipt');
    expect(problems).toEqual([]);
  }, 120_000);

  it('shows a PDF rewritten after sealing as invalid, naming the page that changed', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${world.baseUrl}/verify`);
    await dropFile(page, 'contract-edited.pdf', rewritePageOne(signed));

    expect(await verdictOf(page)).toBe('INVALID');
    expect(await text(page, '#result .verdict')).toContain('签章之后文件被改动过');
    expect(await page.getAttribute('#result [data-changes]', 'data-changes')).toBe('disallowed');
    expect(await text(page, '#result ul.changes')).toContain('第 1 页');
    expect(await accessibilityViolations(page)).toEqual([]);
    await saveScreenshot(page, 'portal-modified');
    expect(problems).toEqual([]);
  });

  it('shows an unsigned PDF as invalid because it carries no seal', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${world.baseUrl}/`);
    await dropFile(page, 'plain.pdf', await samplePdf('never sealed', 1));

    expect(await verdictOf(page)).toBe('INVALID');
    expect(await text(page, '#result .verdict')).toContain('这个文件没有电子签章');
    expect(await page.$$('#result article.signature')).toHaveLength(0);
    await saveScreenshot(page, 'portal-unsigned');
    expect(problems).toEqual([]);
  });

  it('refuses a file that is not a document with a sentence, not a crash', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${world.baseUrl}/`);
    await page.setInputFiles('#file-input', { name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\nnothing') });
    await page.waitForSelector('#result [data-error]');
    expect(await page.getAttribute('#result [data-error]', 'data-error')).toBe('PDF_MALFORMED');
    expect(await text(page, '#result [role=alert]')).toContain('文件不是可读的 PDF');
  });

  it('is usable by keyboard alone: switch language, type a number, look it up', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${world.baseUrl}/`);
    await tabTo(page, '.lang-switch');
    await page.keyboard.press('Enter');
    await page.waitForSelector('html[lang="en"]', { state: 'attached' });
    await tabTo(page, '#file-input');
    await tabTo(page, '#lookup-by');
    await page.keyboard.press('ArrowDown'); // the evidence number
    await tabTo(page, '#lookup-value');
    await page.keyboard.type('EV-2026-000001');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#result [data-lookup], #result [data-verdict]');
    // Focus moves to the answer, so a screen reader announces it. The move is an effect that runs
    // after the render that shows the answer: wait for it in the DOM rather than read it at once.
    await page.locator('#result:focus').waitFor({ state: 'attached' });
    expect(await focusedId(page)).toBe('result');
    expect(await accessibilityViolations(page)).toEqual([]);
    await saveScreenshot(page, 'portal-keyboard-lookup');
  });

  it('answers the evidence certificate QR path /verify/c/{number} with the look-up for that number', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${world.baseUrl}/verify/c/CERT-2026-000042`);
    await page.waitForSelector('#result [data-lookup], #result [data-verdict]');
    const unavailable = await page.$('#result [data-lookup=unavailable]');
    if (unavailable) expect(await text(page, '#result')).toContain('暂不提供按编号查询');
    else expect(await text(page, '#result [data-fact=lookup-value]')).toBe('CERT-2026-000042');
    await saveScreenshot(page, 'portal-certificate-path');
  });

  it('serves the page under a Content-Security-Policy without unsafe-inline that stops an injected inline script', async () => {
    const { page } = await openPage(browser);
    const response = await page.goto(`${world.baseUrl}/`);
    const csp = response!.headers()['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const outcome = await page.evaluate<{ ran: boolean; violated: string }>(`new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', (e) => resolve({ ran: 'pwned' in window, violated: e.violatedDirective }), { once: true });
      const script = document.createElement('script');
      script.textContent = 'window.pwned = true';
      document.body.append(script);
    })`);
    expect(outcome.ran).toBe(false);
    expect(outcome.violated).toMatch(/^script-src/);
  });
});
