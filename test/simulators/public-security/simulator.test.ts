import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sm2 } from 'sm-crypto';
import { canonicalJson } from '../../../scripts/src/simulators/public-security/stores';
import { usccCheckCharacter } from '../../../server/src/domain';
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
  const res = await fetch(`${sim.url}${path}`, {
    method,
    ...(body === undefined ? {} : { body, headers: { 'content-type': contentType } }),
  });
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
    const { status, json } = await call(
      'PUT',
      '/filing/v1/filings/filing-0001',
      JSON.stringify({ filingId: 'filing-0001', action: 'MADE' }),
    );
    expect(status).toBe(422);
    expect(json.error?.code).toBe('FILING_INVALID');
    expect(json.error?.details).toEqual(
      expect.arrayContaining(['sealCode must be the 13-digit seal code', 'unit.uscc is not a valid unified social credit code']),
    );
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
    expect((await call('PUT', '/__control/engravings/1201040012345', JSON.stringify({ unitName: '' }))).json.error?.code).toBe(
      'BAD_ENGRAVING',
    );
  });

  it('signs each acknowledgement with its SM2 key (checked with sm-crypto), and a bad-signature fault breaks only that answer', async () => {
    const { json: key } = await call('GET', '/filing/v1/public-key');
    const filed = await call('PUT', `/filing/v1/filings/${made.filingId}`, JSON.stringify(made));
    expect(filed.status).toBe(201);
    const ack = filed.json as unknown as { ackId: string; filedAt: string; recordSm3: string; signature: string };
    expect(ackVerifies(String(key.publicKeyHex), made.filingId, ack)).toBe(true);

    await sim.armFault({ badSignature: true });
    const corrupted = (await call('PUT', `/filing/v1/filings/${made.filingId}`, JSON.stringify(made))).json as unknown as typeof ack;
    expect(corrupted.ackId).toBe(ack.ackId);
    expect(ackVerifies(String(key.publicKeyHex), made.filingId, corrupted)).toBe(false);
    const replayed = (await call('PUT', `/filing/v1/filings/${made.filingId}`, JSON.stringify(made))).json as unknown as typeof ack;
    expect(replayed).toEqual(ack);
  });

  it('keeps filings, engravings and its key across a restart on the same data folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'eseal-ps-restart-'));
    try {
      const first = await spawnPublicSecuritySimulator({ dataDir });
      const ack = (await (
        await fetch(`${first.url}/filing/v1/filings/${made.filingId}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(made),
        })
      ).json()) as Record<string, unknown>;
      const engraved = await first.seedEngraving('1201040012345', { unitName: '天津市某某科技发展有限公司', sealName: '合同专用章' });
      const key = await (await fetch(`${first.url}/filing/v1/public-key`)).json();
      await first.stop();

      const second = await spawnPublicSecuritySimulator({ dataDir });
      try {
        expect(await (await fetch(`${second.url}/filing/v1/public-key`)).json()).toEqual(key);
        expect(await (await fetch(`${second.url}/filing/v1/filings/${made.filingId}`)).json()).toEqual({ ...ack, record: made });
        const again = await fetch(`${second.url}/filing/v1/filings/other-filing-01`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...made, filingId: 'other-filing-01' }),
        });
        expect([again.status, ((await again.json()) as { error: { code: string } }).error.code]).toEqual([409, 'SEAL_ALREADY_FILED']);
        const imprint = (await (await fetch(`${second.url}/engraving/v1/seals/1201040012345/imprint`)).json()) as {
          imprint: { sm3: string };
        };
        expect(imprint.imprint.sm3).toBe(engraved.sm3);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('exits cleanly on SIGTERM', async () => {
    const other = await spawnPublicSecuritySimulator();
    await other.stop();
    expect(other.child.signalCode ?? other.child.exitCode).not.toBeNull();
    await expect(fetch(`${other.url}/health`)).rejects.toThrow();
  });
});

const uscc = `91120116MA05JXXU1${usccCheckCharacter('91120116MA05JXXU1')}`;
const made = {
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

/** The reference implementation's check of an ack: SM3 with the default user ID over the signed fields. */
function ackVerifies(
  publicKeyHex: string,
  filingId: string,
  ack: { ackId: string; filedAt: string; recordSm3: string; signature: string },
): boolean {
  const message = canonicalJson({ ackId: ack.ackId, filedAt: ack.filedAt, filingId, recordSm3: ack.recordSm3 });
  const der = Buffer.from(ack.signature, 'base64').toString('hex');
  return sm2.doVerifySignature(Array.from(Buffer.from(message, 'utf8')) as never, der, publicKeyHex, { der: true, hash: true } as never);
}
