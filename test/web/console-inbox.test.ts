/**
 * The approver's inbox in the console, in real Chromium: sign in by keyboard, see the unit's pending
 * 用章 requests, approve one, try to reject one without a reason (refused on the page), reject it with
 * one; the API shows both decisions. axe-core on the inbox.
 */
import type { Browser, Page } from 'playwright-core';
import { request, tokenFor } from '../security/support';
import { accessibilityViolations, launchBrowser, openPage, saveScreenshot, tabTo } from './support/browser';
import { startSecureWorld, type SecureWorld } from './support/secure-world';

let world: SecureWorld;
let browser: Browser;
let unitId: string;
const requestIds: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  world = await startSecureWorld();
  ({ unitId } = await world.unit('天津审批测试有限公司'));
  const seal = await world.seal(unitId, 'CONTRACT', true);
  // The approver is a person of the unit (its legal representative), not the seal's custodian.
  const people = await world.h.services!.store.models.people.find({ unitId }).lean();
  const approver = people.find((p) => String(p._id) !== seal.custodianPersonId)!;
  await world.account('approver.inbox', 'approver-password-1', ['APPROVER'], { unitId, personId: String(approver._id) });
  const custodian = { Authorization: `Bearer ${tokenFor(world.h, 'SEAL_CUSTODIAN', unitId, seal.custodianPersonId)}` };
  for (const [purpose, digit] of [
    ['采购合同', 'a'],
    ['租赁合同', 'b'],
  ] as const) {
    const res = await request(world.h.app)
      .post('/api/v1/seal-use-requests')
      .set(custodian)
      .send({ sealId: seal.sealId, documentSm3: digit.repeat(64), purpose });
    expect(res.status).toBe(201);
    requestIds.push(res.body.id);
  }
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await world?.close();
});

async function signIn(page: Page): Promise<void> {
  await page.goto(`${world.baseUrl}/console`);
  await tabTo(page, '#username');
  await page.keyboard.type('approver.inbox');
  await page.keyboard.press('Tab');
  await page.keyboard.type('approver-password-1');
  await page.keyboard.press('Enter');
  // Password hashing is deliberately slow (scrypt), more so on a loaded machine.
  await page.waitForSelector('[data-request], [role=alert]', { timeout: 60_000 });
}

const stateOf = async (id: string) =>
  (
    await request(world.h.app)
      .get(`/api/v1/seal-use-requests/${id}`)
      .set('Authorization', `Bearer ${tokenFor(world.h, 'AUDITOR')}`)
  ).body;

describe("the approver's inbox in Chromium", () => {
  it('lists pending requests and approves and rejects them with a reason, by keyboard', async () => {
    const { page, problems } = await openPage(browser);
    await signIn(page);
    expect(await page.$$('[data-request]')).toHaveLength(2);
    expect(await accessibilityViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-inbox');

    const [first, second] = requestIds as [string, string];
    await tabTo(page, `[data-request="${first}"] [data-action=approve]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`[data-request="${first}"] [data-outcome]`);
    expect(await page.textContent(`[data-request="${first}"] [data-outcome]`)).toBe('已批准');

    await tabTo(page, `[data-request="${second}"] [data-action=reject]`);
    await page.keyboard.press('Enter');
    expect(await page.textContent(`[data-request="${second}"] [role=alert]`)).toBe('驳回需要填写理由。');
    expect((await stateOf(second)).state).toBe('PENDING');
    await tabTo(page, `#reason-${second}`);
    await page.keyboard.type('金额与合同不符');
    await tabTo(page, `[data-request="${second}"] [data-action=reject]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`[data-request="${second}"] [data-outcome]`);
    await saveScreenshot(page, 'console-inbox-decided');

    expect(await stateOf(first)).toMatchObject({ state: 'APPROVED' });
    expect(await stateOf(second)).toMatchObject({ state: 'REJECTED', decisionNote: '金额与合同不符' });
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);

    // Both decided: the inbox is empty on the next visit.
    await page.reload();
    await page.waitForSelector('#inbox-title');
    // DOM waits, not waitForFunction: the console's CSP forbids eval, which Playwright's polling
    // predicate needs once its first check comes back false.
    await page.getByText('正在读取…').waitFor({ state: 'detached' });
    expect(await page.$$('[data-request]')).toHaveLength(0);
    expect(await page.getByText('没有待审批的用章申请。').count()).toBe(1);
  }, 120_000);
});
