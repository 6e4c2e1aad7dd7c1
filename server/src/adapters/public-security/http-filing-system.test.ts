import { SealError } from '@eseal/core';
import { spawnPublicSecuritySimulator, type SimulatorProcess } from '../../../../test/simulators/public-security/spawn-simulator';
import { usccCheckCharacter } from '../../domain';
import type { FilingRecord } from './filing-system';
import { HttpFilingSystem } from './http-filing-system';
import { isRetryableUpstreamError } from './upstream-http';

let sim: SimulatorProcess;

beforeAll(async () => {
  sim = await spawnPublicSecuritySimulator();
});
afterAll(async () => {
  await sim?.stop();
});
beforeEach(async () => {
  await sim.reset();
});

const uscc = `91120116MA05JXXU1${usccCheckCharacter('91120116MA05JXXU1')}`;
const made: FilingRecord = {
  filingId: 'filing-0001',
  action: 'MADE',
  sealId: 'seal-1',
  sealCode: '1201040012345',
  unit: { uscc, name: '天津市某某科技发展有限公司' },
  kind: 'CONTRACT',
  sealName: '合同专用章',
  certificate: { serial: '01AB', notBefore: '2026-01-01T00:00:00.000Z', notAfter: '2028-01-01T00:00:00.000Z' },
  imprintSm3: 'a'.repeat(64),
  occurredAt: '2026-01-01T00:00:00.000Z',
  makerId: 'maker-tj-01',
};

async function failure(promise: Promise<unknown>): Promise<SealError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SealError) return error;
    throw error;
  }
  throw new Error('expected a SealError');
}

describe('HttpFilingSystem against the simulator process', () => {
  const client = (timeoutMs = 2_000) => new HttpFilingSystem({ baseUrl: sim.url, timeoutMs });

  it('files a made seal and gets an acknowledgement', async () => {
    const ack = await client().file(made);
    expect(ack.ackId).toMatch(/^PSB-/);
    expect(Date.parse(ack.filedAt)).not.toBeNaN();
    const stored = await sim.filings();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ filingId: 'filing-0001', ack, record: { sealCode: '1201040012345', kind: 'CONTRACT' } });
  });

  it('is idempotent on the filing id', async () => {
    const first = await client().file(made);
    const again = await client().file({ ...made });
    expect(again).toEqual(first);
    expect(await sim.filings()).toHaveLength(1);
  });

  it('rejects the same filing id with different content (409)', async () => {
    await client().file(made);
    const error = await failure(client().file({ ...made, sealName: '财务专用章' }));
    expect(error.code).toBe('UPSTREAM_REJECTED');
    expect(error.details).toMatchObject({ status: 409, upstreamCode: 'FILING_ID_CONFLICT', retryable: false });
  });

  it('files the later life of a seal, and refuses changes to a seal never filed or already revoked', async () => {
    await client().file(made);
    const revoke: FilingRecord = { ...made, filingId: 'filing-0002', action: 'REVOKED', revocationReason: 'KEY_LEAKED' };
    await client().file(revoke);
    const renewAfter = await failure(client().file({ ...made, filingId: 'filing-0003', action: 'RENEWED' }));
    expect(renewAfter.details).toMatchObject({ upstreamCode: 'SEAL_REVOKED' });
    const unknown = await failure(client().file({ ...revoke, filingId: 'filing-0004', sealId: 'seal-unknown' }));
    expect(unknown.details).toMatchObject({ status: 422, upstreamCode: 'SEAL_NOT_FILED' });
  });

  it('has its invalid records refused by the service (422, not retryable)', async () => {
    const badUscc = `${uscc.slice(0, 17)}${uscc[17] === '0' ? '1' : '0'}`;
    const error = await failure(client().file({ ...made, unit: { ...made.unit, uscc: badUscc } }));
    expect(error.code).toBe('UPSTREAM_REJECTED');
    expect(error.details).toMatchObject({ status: 422, upstreamCode: 'FILING_INVALID' });
    expect(isRetryableUpstreamError(error)).toBe(false);
    const noReason = await failure(client().file({ ...made, filingId: 'filing-0009', action: 'REVOKED' }));
    expect(noReason.details).toMatchObject({ upstreamCode: 'FILING_INVALID' });
  });

  it('keeps one filing when a retry follows a 503', async () => {
    await sim.armFault({ status: 503, count: 1 });
    const error = await failure(client().file(made));
    expect(isRetryableUpstreamError(error)).toBe(true);
    await client().file(made);
    expect(await sim.filings()).toHaveLength(1);
    expect((await sim.stats()).filing).toBe(2);
  });

  it('returns the first acknowledgement when a timed-out call had in fact been filed', async () => {
    await sim.armFault({ delayMs: 600 });
    const error = await failure(client(200).file(made));
    expect(error.details).toMatchObject({ reason: 'timeout' });
    // The delayed request completes on the service side (the simulator is another process: poll).
    let stored = await sim.filings();
    for (const deadline = Date.now() + 10_000; stored.length === 0 && Date.now() < deadline; stored = await sim.filings())
      await new Promise((r) => setTimeout(r, 50));
    expect(stored).toHaveLength(1);
    const ack = await client().file(made);
    expect(stored[0]!.ack).toMatchObject(ack);
  });

  it('maps an injected rejection to UPSTREAM_REJECTED with the service code', async () => {
    await sim.armFault({ status: 403, code: 'MAKER_NOT_LICENSED' });
    const error = await failure(client().file(made));
    expect(error.code).toBe('UPSTREAM_REJECTED');
    expect(error.details).toMatchObject({ status: 403, upstreamCode: 'MAKER_NOT_LICENSED' });
  });

  it('refuses a malformed filing id before calling out', async () => {
    const error = await failure(client().file({ ...made, filingId: 'short' }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect((await sim.stats()).filing).toBe(0);
  });
});
