/**
 * Every role finds its work: lists with filters, one envelope `{ items, nextCursor }` and cursors
 * that walk a list exactly once, even while records are added.
 */
import request from 'supertest';
import type { Caller } from '../../server/src/access';
import { makeUsableSeal, type UsableSeal } from '../signing/support/lifecycle-signing';
import { samplePdf, sm3Hex } from '../signing/support/signing-world';
import { api } from './api-helpers';
import { startHarness, type Harness } from './support/harness';
import { callerHeader, MAKER, PUBLIC_SECURITY, unitAdmin } from './support/test-caller-guard';

let h: Harness;
let http: ReturnType<typeof api>;

beforeAll(async () => {
  h = await startHarness({ pinKdf: { log2N: 10, r: 8, p: 1 } });
  http = api(h.app);
}, 60_000);
afterAll(async () => h?.close());

const get = (caller: Caller, path: string) => request(h.app).get(`/api/v1${path}`).set(callerHeader(caller));

/** Every item of a list, page by page with `limit`, as a client walks it; `between` runs after each page. */
async function walk(caller: Caller, path: string, limit: number, between: () => Promise<void> = async () => {}) {
  const seen: Array<Record<string, unknown>> = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 50; pages++) {
    const res = await get(caller, `${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(res.body.nextCursor === undefined ? ['items'] : ['items', 'nextCursor']);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    seen.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (cursor === undefined) return seen;
    await between();
  }
  throw new Error('the list did not end');
}

describe("a maker's work: applications waiting for review", () => {
  it('lists SUBMITTED applications across units, page by page once each, while more arrive; a unit admin sees their own', async () => {
    const a = await http.registerUnit();
    const b = await http.registerUnit();
    const waiting = [];
    for (const unit of [a, b, a]) waiting.push((await http.submit(MAKER, unit.unitId, 'CONTRACT')).body.applicationId as string);
    const reviewed = (await http.submit(MAKER, a.unitId, 'FINANCE')).body.applicationId as string;
    await http.post(MAKER, `/seal-applications/${reviewed}/review`, { decision: 'APPROVE' });

    const arrivals: string[] = [];
    const seen = await walk(MAKER, '/seal-applications?status=SUBMITTED', 1, async () => {
      if (arrivals.length < 2) arrivals.push((await http.submit(MAKER, b.unitId, 'CONTRACT')).body.applicationId);
    });
    const ids = seen.map((x) => x.applicationId as string);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(waiting));
    expect(ids).not.toContain(reviewed);
    expect(seen.every((x) => x.status === 'SUBMITTED')).toBe(true);

    const own = await walk(unitAdmin(a.unitId), '/seal-applications', 10);
    expect(own.map((x) => x.applicationId).sort()).toEqual([waiting[0], waiting[2], reviewed].sort());
    expect((await get(unitAdmin(a.unitId), `/seal-applications?unitId=${b.unitId}`)).status).toBe(403);
  });

  it('refuses a cursor it did not give out (400 INVALID_CURSOR)', async () => {
    for (const cursor of ['not-a-cursor', Buffer.from('["c1"]').toString('base64url'), Buffer.from('{"skip":100}').toString('base64url')]) {
      const res = await get(MAKER, `/seal-applications?cursor=${cursor}`);
      expect([res.status, res.body.error?.code]).toEqual([400, 'INVALID_CURSOR']);
    }
  });
});

describe('units, people and filings', () => {
  it('lists units for public security and one unit for its admin; people masked; filings by state', async () => {
    const unit = await http.registerUnit();
    const seal = await http.makeSeal(unit.unitId, 'CONTRACT');

    const units = await walk(PUBLIC_SECURITY, '/units', 2);
    expect(units.map((u) => u.unitId)).toContain(unit.unitId);
    expect((await walk(unitAdmin(unit.unitId), '/units', 5)).map((u) => u.unitId)).toEqual([unit.unitId]);

    const people = await walk(unitAdmin(unit.unitId), `/units/${unit.unitId}/people`, 5);
    expect(people.length).toBeGreaterThanOrEqual(2); // the legal representative and the custodian
    expect(people.every((p) => /^\d{4}\*{10}[\dX]{4}$/.test(p.idNumberMasked as string) && !('identity' in p))).toBe(true);

    const owed = await walk(MAKER, `/filings?state=PENDING&unitId=${unit.unitId}`, 5);
    expect(owed).toEqual([expect.objectContaining({ sealId: seal.sealId, action: 'MADE', state: 'PENDING' })]);
    expect(await walk(MAKER, `/filings?state=ACKED&unitId=${unit.unitId}`, 5)).toEqual([]);
  });
});

describe("an approver's work: use requests waiting for a decision", () => {
  let seal: UsableSeal;
  beforeAll(async () => {
    seal = await makeUsableSeal(h);
  }, 60_000);

  it('lists PENDING requests of their unit; a decided one leaves the list', async () => {
    const ask = async (label: string) =>
      (
        await request(h.app)
          .post('/api/v1/seal-use-requests')
          .set(callerHeader(seal.keeper))
          .send({ sealId: seal.sealId, documentSm3: sm3Hex(await samplePdf(label)), purpose: label })
      ).body.requestId as string;
    const first = await ask('first contract');
    const second = await ask('second contract');
    const pending = await walk(seal.boss, '/seal-use-requests?state=PENDING', 1);
    expect(pending.map((r) => r.requestId).sort()).toEqual([first, second].sort());
    expect(pending.every((r) => r.requestId === r.id)).toBe(true);

    await request(h.app).post(`/api/v1/seal-use-requests/${first}/approve`).set(callerHeader(seal.boss)).send({});
    expect((await walk(seal.boss, '/seal-use-requests?state=PENDING', 5)).map((r) => r.requestId)).toEqual([second]);
    expect((await walk(seal.boss, `/seal-use-requests?state=APPROVED&sealId=${seal.sealId}`, 5)).map((r) => r.requestId)).toEqual([first]);
    const stranger = { ...seal.boss, unitId: 'unit_someoneelse00' };
    expect((await get(stranger, `/seal-use-requests?unitId=${seal.unitId}`)).status).toBe(403);
  });
});
