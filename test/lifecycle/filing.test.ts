import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { HttpEngravingSystem, HttpFilingSystem } from '../../server/src/adapters/public-security';
import { spawnPublicSecuritySimulator, type SimulatorProcess } from '../simulators/public-security/spawn-simulator';
import { startHarness, eventually, type Harness } from './support/harness';
import { api } from './api-helpers';
import { MAKER } from './support/test-caller-guard';
import { person, materialsFor, revocationMaterials } from './support/fixtures';
import { FILING_QUEUE } from '../../worker/src/filing';

let sim: SimulatorProcess;
let h: Harness;
let http: ReturnType<typeof api>;
let codeCounter = 0;

beforeAll(async () => {
  sim = await spawnPublicSecuritySimulator();
  h = await startHarness({
    engraving: new HttpEngravingSystem({ baseUrl: sim.url, timeoutMs: 3000 }),
    filingSystem: new HttpFilingSystem({ baseUrl: sim.url, timeoutMs: 3000 }),
  });
  http = api(h.app);
}, 60_000);
afterAll(async () => {
  await h?.close();
  await sim?.stop();
});

/** A made CONTRACT seal whose imprint comes from the simulated engraving system; no worker running yet. */
async function madeSeal(unit: { unitId: string; uscc: string; name: string }) {
  const sealCode = `${unit.uscc.slice(2, 8)}${String(Date.now() % 1_000_000).padStart(6, '0')}${codeCounter++ % 10}`;
  const engraved = await sim.seedEngraving(sealCode, { unitName: unit.name, sealName: '合同专用章' });
  const app = await http.submit(MAKER, unit.unitId, 'CONTRACT', { sealCode });
  expect(app.status).toBe(201);
  await http.post(MAKER, `/seal-applications/${app.body.applicationId}/review`, { decision: 'APPROVE' });
  const made = await http.post(MAKER, '/seals', { applicationId: app.body.applicationId, initialPin: '123456' });
  expect(made.status).toBe(201);
  return { seal: made.body as Record<string, any>, engraved };
}

async function statusOf(sealId: string, wanted: string) {
  return eventually(async () => {
    const res = await http.get(MAKER, `/seals/${sealId}`);
    return res.body.status === wanted ? res.body : undefined;
  });
}

describe('imprint from the engraving system', () => {
  it('uses the engraved imprint, and its SM3 goes on the ledger', async () => {
    const unit = await http.registerUnit('天津刻章测试有限公司');
    const { seal, engraved } = await madeSeal(unit);
    expect(seal).toMatchObject({ imprintSource: 'ENGRAVING_SYSTEM', imprintSm3: engraved.sm3 });
    expect((await h.services.ledger.getSeal(seal.esID)).imprintSm3).toBe(engraved.sm3);
  });

  it('refuses to make a seal whose physical seal was never engraved (502 UPSTREAM_REJECTED), making nothing', async () => {
    const unit = await http.registerUnit();
    const app = await http.submit(MAKER, unit.unitId, 'CONTRACT', { sealCode: '1201169999999' });
    await http.post(MAKER, `/seal-applications/${app.body.applicationId}/review`, { decision: 'APPROVE' });
    const made = await http.post(MAKER, '/seals', { applicationId: app.body.applicationId, initialPin: '123456' });
    expect(made.status).toBe(502);
    expect(made.body.error.code).toBe('UPSTREAM_REJECTED');
    expect((await http.get(MAKER, `/seals/${app.body.sealId}`)).body.status).toBe('APPROVED');
    expect(await h.services.store.models.sealKeys.countDocuments({ sealId: app.body.sealId })).toBe(0);
    expect(await h.services.store.models.certificates.countDocuments({ sealId: app.body.sealId })).toBe(0);
  });
});

describe('filing with public security (worker job)', () => {
  it('files a made seal, then the seal is ACTIVE, with the record public security received', async () => {
    const unit = await http.registerUnit();
    const { seal } = await madeSeal(unit);
    const worker = await h.startFilingWorker();
    try {
      const active = await statusOf(seal.sealId, 'ACTIVE');
      expect(active.filings[0]).toMatchObject({ action: 'MADE', state: 'ACKED', ackId: expect.any(String) });
      const filed = (await sim.filings()).find((f) => f.filingId === seal.filings[0].filingId);
      expect(filed?.record).toMatchObject({
        action: 'MADE',
        sealId: seal.sealId,
        unit: { uscc: unit.uscc },
        kind: 'CONTRACT',
        imprintSm3: seal.imprintSm3,
      });
      expect(JSON.stringify(filed?.record)).not.toMatch(/idNumber|personId/);
      const audit = await h.services.store.audit.find({ sealId: seal.sealId }).sort({ at: 1 }).lean();
      expect(audit.map((a) => a.action)).toEqual(['SUBMIT', 'APPROVE', 'MAKE', 'FILE', 'ACTIVATE']);
    } finally {
      await worker.close();
    }
  });

  it('retries after the filing system fails (503 twice), then the seal is ACTIVE', async () => {
    const unit = await http.registerUnit();
    const { seal } = await madeSeal(unit);
    const before = (await sim.stats()).filing;
    await sim.armFault({ status: 503, count: 2 });
    const worker = await h.startFilingWorker();
    try {
      await statusOf(seal.sealId, 'ACTIVE');
      expect((await sim.stats()).filing - before).toBe(3);
      const filing = await h.services.store.models.filings.findById(seal.filings[0].filingId).lean();
      expect(filing).toMatchObject({ state: 'ACKED', attempts: 2 });
    } finally {
      await worker.close();
    }
  });

  it('marks the filing FAILED on the seal when public security rejects it, and does not retry', async () => {
    const unit = await http.registerUnit();
    const { seal } = await madeSeal(unit);
    const before = (await sim.stats()).filing;
    await sim.armFault({ status: 422, code: 'FILING_INVALID' });
    const worker = await h.startFilingWorker();
    try {
      const failed = await eventually(async () => {
        const res = await http.get(MAKER, `/seals/${seal.sealId}`);
        return res.body.filings[0].state === 'FAILED' ? res.body : undefined;
      });
      expect(failed.status).toBe('MADE');
      expect(failed.filings[0].error).toContain('UPSTREAM_REJECTED');
      const filings = await http.get(MAKER, `/seals/${seal.sealId}/filings`);
      expect(filings.body.items[0]).toMatchObject({ state: 'FAILED', lastError: expect.stringContaining('UPSTREAM_REJECTED') });
      await new Promise((r) => setTimeout(r, 500));
      expect((await sim.stats()).filing - before).toBe(1);
      // Revoking it files nothing: public security never accepted the seal.
      const revoked = await http.post(MAKER, `/seals/${seal.sealId}/revoke`, {
        reason: 'ESEAL_RETIRED',
        materials: revocationMaterials('RETIREMENT_DECISION'),
      });
      expect(revoked.body).toMatchObject({ status: 'REVOKED', ledgerSync: { state: 'DONE' } });
      expect(revoked.body.filings.map((f: { action: string }) => f.action)).toEqual(['MADE']);
    } finally {
      await worker.close();
    }
  });

  it('files a revocation only after the making was acknowledged, in order', async () => {
    const unit = await http.registerUnit();
    const { seal } = await madeSeal(unit);
    const revoked = await http.post(MAKER, `/seals/${seal.sealId}/revoke`, {
      reason: 'ESEAL_RETIRED',
      materials: revocationMaterials('RETIREMENT_DECISION'),
    });
    expect(revoked.status).toBe(200);
    const worker = await h.startFilingWorker();
    try {
      const done = await eventually(async () => {
        const res = await http.get(MAKER, `/seals/${seal.sealId}`);
        return res.body.filings.every((f: { state: string }) => f.state === 'ACKED') ? res.body : undefined;
      });
      expect(done.status).toBe('REVOKED');
      const filed = (await sim.filings()).filter((f) => f.record.sealId === seal.sealId);
      expect(filed.map((f) => f.record.action)).toEqual(['MADE', 'REVOKED']);
      expect(filed[1]!.record.revocationReason).toBe('ESEAL_RETIRED');
    } finally {
      await worker.close();
    }
  });

  it('collapses a filing enqueued twice into one job (job id = filing id)', async () => {
    const unit = await http.registerUnit();
    const { seal } = await madeSeal(unit);
    const filingId = seal.filings[0].filingId as string;
    await h.services.deps.filingQueue.enqueue(filingId);
    await h.services.deps.filingQueue.enqueue(filingId);
    const connection = new Redis(h.config.redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue(FILING_QUEUE, { connection, prefix: h.config.queuePrefix });
    try {
      const jobs = await queue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
      expect(jobs.filter((j) => j.id === filingId)).toHaveLength(1);
      expect(jobs.find((j) => j.id === filingId)?.data).toEqual({ version: 1, filingId });
    } finally {
      await queue.close();
      await connection.quit();
    }
  });
});

it('keeps personal data out of the filing record even for a position seal held by a named person', async () => {
  const unit = await http.registerUnit();
  const holder = person('吴十');
  const sealCode = `${unit.uscc.slice(2, 8)}7654321`;
  await sim.seedEngraving(sealCode, { personName: '吴十', shape: 'RECTANGLE' });
  const app = await http.submit(MAKER, unit.unitId, 'PRINCIPAL', { sealCode, holder, materials: materialsFor('PRINCIPAL') });
  expect(app.status).toBe(201);
  await http.post(MAKER, `/seal-applications/${app.body.applicationId}/review`, { decision: 'APPROVE' });
  const made = await http.post(MAKER, '/seals', { applicationId: app.body.applicationId, initialPin: '123456' });
  const worker = await h.startFilingWorker();
  try {
    await statusOf(made.body.sealId, 'ACTIVE');
    const filed = (await sim.filings()).find((f) => f.record.sealId === made.body.sealId);
    expect(filed?.record.sealName).toBe('吴十');
    expect(JSON.stringify(filed?.record)).not.toContain(holder.idNumber);
  } finally {
    await worker.close();
  }
});
