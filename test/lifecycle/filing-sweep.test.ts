import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { FILING_QUEUE } from '../../worker/src/filing';
import { HttpFilingSystem } from '../../server/src/adapters/public-security';
import { spawnPublicSecuritySimulator, type SimulatorProcess } from '../simulators/public-security/spawn-simulator';
import { startHarness, eventually, type Harness } from './support/harness';
import { api } from './api-helpers';
import { MAKER } from './support/test-caller-guard';

let sim: SimulatorProcess;
let h: Harness;
let http: ReturnType<typeof api>;

beforeAll(async () => {
  sim = await spawnPublicSecuritySimulator();
  // One attempt per job: every failure exhausts the job, so only the sweep can bring it back.
  h = await startHarness({ filingSystem: new HttpFilingSystem({ baseUrl: sim.url, timeoutMs: 3000 }), filingAttempts: 1 });
  http = api(h.app);
}, 60_000);
afterAll(async () => {
  await h?.close();
  await sim?.stop();
});

it('retries a filing whose job ran out of attempts when the sweep runs, then the seal is ACTIVE', async () => {
  const worker = await h.startFilingWorker();
  try {
    await sim.armFault({ status: 503 });
    const unit = await http.registerUnit();
    const seal = await http.makeSeal(unit.unitId, 'CONTRACT');
    const filingId = seal.filings[0].filingId as string;
    await eventually(async () => {
      const filing = await h.services.store.models.filings.findById(filingId).lean();
      return filing && filing.attempts >= 1 ? filing : undefined;
    });
    const connection = new Redis(h.config.redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue(FILING_QUEUE, { connection, prefix: h.config.queuePrefix });
    try {
      await eventually(async () => ((await (await queue.getJob(filingId))?.getState()) === 'failed' ? true : undefined));
    } finally {
      await queue.close();
      await connection.quit();
    }
    expect((await http.get(MAKER, `/seals/${seal.sealId}`)).body.status).toBe('MADE');

    const swept = await h.services.sweep();
    expect(swept.filingsRedispatched).toBeGreaterThanOrEqual(1);
    const active = await eventually(async () => {
      const res = await http.get(MAKER, `/seals/${seal.sealId}`);
      return res.body.status === 'ACTIVE' ? res.body : undefined;
    });
    expect(active.filings[0]).toMatchObject({ state: 'ACKED' });
  } finally {
    await worker.close();
  }
});
