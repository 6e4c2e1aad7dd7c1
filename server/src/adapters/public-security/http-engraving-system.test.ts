import { SealError } from '@eseal/core';
import { spawnPublicSecuritySimulator, type SimulatorProcess } from '../../../../test/simulators/public-security/spawn-simulator';
import { HttpEngravingSystem } from './http-engraving-system';
import { isRetryableUpstreamError } from './upstream-http';

const SEAL_CODE = '1201040012345';
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

async function failure(promise: Promise<unknown>): Promise<SealError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SealError) return error;
    throw error;
  }
  throw new Error('expected a SealError');
}

describe('HttpEngravingSystem against the simulator process', () => {
  const client = () => new HttpEngravingSystem({ baseUrl: sim.url, timeoutMs: 2_000 });

  it('fetches the imprint of an engraved seal and checks its SM3', async () => {
    const seeded = await sim.seedEngraving(SEAL_CODE, { unitName: '天津市某某科技发展有限公司', sealName: '合同专用章' });
    const imprint = await client().fetchImprint(SEAL_CODE);
    expect(imprint).toMatchObject({ widthMm: 42, heightMm: 42, sm3: seeded.sm3 });
    expect(Buffer.from(imprint.png.subarray(1, 4)).toString('latin1')).toBe('PNG');
  });

  it('maps an unknown seal code to UPSTREAM_REJECTED (not retryable)', async () => {
    const error = await failure(client().fetchImprint('1201049999999'));
    expect(error.code).toBe('UPSTREAM_REJECTED');
    expect(error.details).toMatchObject({ status: 404, upstreamCode: 'SEAL_NOT_ENGRAVED', retryable: false });
    expect(isRetryableUpstreamError(error)).toBe(false);
  });

  it('refuses an imprint whose bytes do not match the stated SM3', async () => {
    await sim.seedEngraving(SEAL_CODE, { unitName: '天津甲公司', stateWrongDigest: true });
    const error = await failure(client().fetchImprint(SEAL_CODE));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.details).toMatchObject({ problem: 'imprint SM3 does not match its bytes' });
  });

  it('reports 503s as retryable, and a caller retry succeeds once the service recovers', async () => {
    await sim.seedEngraving(SEAL_CODE, { personName: '张三', shape: 'RECTANGLE' });
    await sim.armFault({ status: 503, count: 2 });
    const errors: SealError[] = [];
    let imprint;
    for (let attempt = 0; attempt < 5 && imprint === undefined; attempt++) {
      try {
        imprint = await client().fetchImprint(SEAL_CODE);
      } catch (error) {
        if (!isRetryableUpstreamError(error)) throw error;
        errors.push(error as SealError);
      }
    }
    expect(errors.map((e) => e.details?.status)).toEqual([503, 503]);
    expect(imprint?.heightMm).toBe(10);
    expect((await sim.stats()).engraving).toBe(3);
  });

  it('gives up at the timeout with UPSTREAM_UNAVAILABLE', async () => {
    await sim.seedEngraving(SEAL_CODE, { unitName: '天津甲公司' });
    await sim.armFault({ delayMs: 1_500 });
    const error = await failure(new HttpEngravingSystem({ baseUrl: sim.url, timeoutMs: 300 }).fetchImprint(SEAL_CODE));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.details).toMatchObject({ reason: 'timeout', timeoutMs: 300 });
  });

  it('maps a dropped connection and a closed port to UPSTREAM_UNAVAILABLE', async () => {
    await sim.armFault({ drop: true });
    expect((await failure(client().fetchImprint(SEAL_CODE))).details).toMatchObject({ reason: 'network' });
    const closed = new HttpEngravingSystem({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 1_000 });
    expect((await failure(closed.fetchImprint(SEAL_CODE))).code).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('refuses a seal code that would change the URL, without calling out', async () => {
    const error = await failure(client().fetchImprint('../../__control/reset'));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect((await sim.stats()).engraving).toBe(0);
  });

  it('treats a non-JSON 200 as a malformed answer (retryable)', async () => {
    const fakeFetch = (async () => new Response('<html>proxy</html>', { status: 200 })) as typeof fetch;
    const error = await failure(new HttpEngravingSystem({ baseUrl: sim.url, timeoutMs: 1_000, fetch: fakeFetch }).fetchImprint(SEAL_CODE));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.details).toMatchObject({ reason: 'malformed response' });
  });
});
