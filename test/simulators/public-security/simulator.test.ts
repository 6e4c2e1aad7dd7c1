import { spawnPublicSecuritySimulator, type SimulatorProcess } from './spawn-simulator';

/** The simulator itself: its routes refuse what the real service would, and its controls behave. */
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

async function call(method: string, path: string, body?: string, contentType = 'application/json') {
  const res = await fetch(`${sim.url}${path}`, { method, ...(body === undefined ? {} : { body, headers: { 'content-type': contentType } }) });
  return { status: res.status, json: (await res.json()) as { error?: { code: string; details?: unknown } } & Record<string, unknown> };
}

describe('public-security simulator process', () => {
  it('listens on loopback and answers health checks', async () => {
    expect(new URL(sim.url).hostname).toBe('127.0.0.1');
    expect(await call('GET', '/health')).toEqual({ status: 200, json: { status: 'ok' } });
  });

  it('refuses malformed requests with coded errors', async () => {
    expect((await call('PUT', '/filing/v1/filings/filing-0001', '{not json')).json.error?.code).toBe('MALFORMED_JSON');
    expect((await call('PUT', '/filing/v1/filings/filing-0001', '{}', 'text/plain')).status).toBe(415);
    expect((await call('PUT', '/filing/v1/filings/x', '{}')).json.error?.code).toBe('BAD_FILING_ID');
    expect((await call('DELETE', '/filing/v1/filings/filing-0001')).status).toBe(405);
    expect((await call('GET', '/engraving/v1/seals/12AB/imprint')).json.error?.code).toBe('BAD_SEAL_CODE');
    expect((await call('GET', '/nowhere')).status).toBe(404);
  });

  it('lists every problem of an invalid filing', async () => {
    const { status, json } = await call('PUT', '/filing/v1/filings/filing-0001', JSON.stringify({ filingId: 'filing-0001', action: 'MADE' }));
    expect(status).toBe(422);
    expect(json.error?.code).toBe('FILING_INVALID');
    expect(json.error?.details).toEqual(expect.arrayContaining(['sealCode must be the 13-digit seal code', 'unit.uscc is not a valid unified social credit code']));
  });

  it('refuses bad fault specifications', async () => {
    for (const fault of [{}, { status: 200 }, { status: 503, count: 0 }, { delayMs: -1 }]) {
      expect((await call('POST', '/__control/faults', JSON.stringify(fault))).status).toBe(400);
    }
  });

  it('applies a fault to the stated number of requests and never to control routes', async () => {
    await sim.armFault({ status: 503, count: 2 });
    expect((await call('GET', '/__control/stats')).status).toBe(200);
    expect((await call('GET', '/engraving/v1/seals/1201040012345/imprint')).status).toBe(503);
    expect((await call('GET', '/engraving/v1/seals/1201040012345/imprint')).status).toBe(503);
    expect((await call('GET', '/engraving/v1/seals/1201040012345/imprint')).json.error?.code).toBe('SEAL_NOT_ENGRAVED');
  });

  it('refuses an engraving it cannot draw', async () => {
    expect((await call('PUT', '/__control/engravings/1201040012345', JSON.stringify({ unitName: '' }))).json.error?.code).toBe('BAD_ENGRAVING');
  });

  it('exits cleanly on SIGTERM', async () => {
    const other = await spawnPublicSecuritySimulator();
    await other.stop();
    expect(other.child.signalCode ?? other.child.exitCode).not.toBeNull();
    await expect(fetch(`${other.url}/health`)).rejects.toThrow();
  });
});
