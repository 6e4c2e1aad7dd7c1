/**
 * TEST-ONLY: real headless Chromium for the page tests. Debian's chromium (installed by `npm run setup`)
 * driven by playwright-core: no browser download. A missing browser fails the run with one clear line,
 * never a skip. Screenshots go to test-artifacts/web/ (git-ignored) for a person to look at.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = resolve(__dirname, '../../../test-artifacts/web');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`chromium is missing at ${CHROMIUM_PATH}: run \`npm run setup\` (it installs Debian's chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true });
}

/** A fresh page that records console errors and CSP violations: a page test fails on either. */
export async function openPage(browser: Browser, lang: 'zh-CN' | 'en-GB' = 'zh-CN'): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale: lang, viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()} ${message.location().url}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { page, problems };
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core's WCAG 2.1 A/AA rules on the page as it is now. Evaluated through the debugging protocol, so
 * the page's own Content-Security-Policy (no inline scripts) stays in force for everything else.
 */
export async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  // A string, not a function: it runs in the browser, and the test project has no DOM types.
  return page.evaluate(`axe
    .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .then((result) => result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })))`);
}

/** The id of the element that has the keyboard focus. */
export const focusedId = (page: Page): Promise<string | undefined> =>
  page.evaluate('document.activeElement ? document.activeElement.id : undefined');

/**
 * Presses Tab until the element matching `selector` has focus: proof it is reachable by keyboard alone.
 * Fails after `maxTabs` presses.
 */
export async function tabTo(page: Page, selector: string, maxTabs = 30): Promise<void> {
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`document.activeElement !== null && document.activeElement.matches(${JSON.stringify(selector)})`)) return;
  }
  throw new Error(`${selector} not reached with ${maxTabs} presses of Tab`);
}
