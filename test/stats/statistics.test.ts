/**
 * GET /api/v1/stats over real stores: signings by unit, district and day, seals by kind and status,
 * filings, relays and the audit chain, with unit and district filters and the role check.
 */
import request from 'supertest';
import type { Caller } from '../../server/src/access';
import { callerHeader } from '../lifecycle/support/test-caller-guard';
import { samplePdf } from '../signing/support/signing-world';
import { startSealWorld, type SealWorld } from '../web/support/seal-world';

const AUDITOR: Caller = { id: 'acct-auditor', kind: 'person', roles: ['AUDITOR'] };
const PUBLIC_SECURITY: Caller = { id: 'acct-ps', kind: 'person', roles: ['PUBLIC_SECURITY_ADMIN'] };

/** The day (in China Standard Time, as the figures count) of a moment. */
const dayOf = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

let world: SealWorld;
/** Around the two signings, their rounding up to the second included. */
let signingsBetween: { from: number; to: number };
beforeAll(async () => {
  world = await startSealWorld('天津统计测试有限公司');
  const from = Date.now();
  await world.sign(await samplePdf('first', 1));
  await world.sign(await samplePdf('second', 1));
  // A signing's time is rounded up to the whole second, and figures "up to now" count it once that
  // second has begun (a chained window [to, ...) counts it then, never twice, never not at all).
  await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
  signingsBetween = { from, to: Date.now() };
}, 120_000);
afterAll(async () => world?.close());

const stats = (caller: Caller, query = '') => request(world.harness.app).get(`/api/v1/stats${query}`).set(callerHeader(caller));

describe('statistics for supervision and assessment', () => {
  it('counts signings by unit, district and day, and seals and filings as they stand', async () => {
    const res = await stats(AUDITOR);
    expect(res.status).toBe(200);
    // Both signings fall on one day, unless the run crossed midnight in China Standard Time.
    const days = [dayOf(signingsBetween.from), dayOf(signingsBetween.to)];
    expect(res.body.signings).toEqual({
      total: 2,
      byUnit: [{ key: world.unitId, unitName: '天津统计测试有限公司', count: 2 }],
      byDistrict: [{ key: world.uscc.slice(2, 8), count: 2 }],
      byDay: days[0] === days[1] ? [{ key: days[0], count: 2 }] : expect.any(Array),
    });
    const byDay = res.body.signings.byDay as Array<{ key: string; count: number }>;
    expect(byDay.every((d) => days.includes(d.key))).toBe(true);
    expect(byDay.reduce((sum, d) => sum + d.count, 0)).toBe(2);
    expect(res.body.seals).toEqual({ total: 1, byKind: [{ key: 'CONTRACT', count: 1 }], byStatus: [{ key: 'ACTIVE', count: 1 }] });
    expect(res.body.filings.byState).toEqual([{ key: 'ACKED', count: 1 }]);
    expect(res.body.relay).toEqual({ byState: [], deadLetters: 0 });
    expect(res.body.auditChain).toMatchObject({
      entries: expect.any(Number),
      anchoredThrough: expect.any(Number),
      unanchored: expect.any(Number),
    });
    expect((await stats(PUBLIC_SECURITY)).status).toBe(200);
  });

  it('narrows by unit and by district, and counts nothing outside the period', async () => {
    expect((await stats(AUDITOR, `?unitId=${world.unitId}`)).body.signings.total).toBe(2);
    expect((await stats(AUDITOR, '?unitId=unit_elsewhere')).body).toMatchObject({ signings: { total: 0 }, seals: { total: 0 } });
    const otherDistrict = world.uscc.slice(2, 8) === '120000' ? '110000' : '120000';
    expect((await stats(AUDITOR, `?district=${otherDistrict}`)).body.signings.total).toBe(0);
    expect((await stats(AUDITOR, `?district=${world.uscc.slice(2, 8)}`)).body.signings.total).toBe(2);
    expect((await stats(AUDITOR, '?from=2020-01-01&to=2020-02-01')).body.signings).toMatchObject({ total: 0, byDay: [] });
  });

  it('refuses a reversed or too long period, a malformed district, and callers without stats.read', async () => {
    expect((await stats(AUDITOR, '?from=2026-02-01&to=2026-01-01')).body.error.code).toBe('VALIDATION_FAILED');
    expect((await stats(AUDITOR, '?from=2020-01-01&to=2026-01-01')).body.error.code).toBe('VALIDATION_FAILED');
    expect((await stats(AUDITOR, '?district=12')).body.error.code).toBe('VALIDATION_FAILED');
    const custodian: Caller = { id: 'acct-c', kind: 'person', roles: ['SEAL_CUSTODIAN'], unitId: world.unitId, personId: 'p' };
    expect((await stats(custodian)).status).toBe(403);
  });
});
