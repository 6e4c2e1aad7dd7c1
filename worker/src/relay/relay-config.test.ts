import { Sm2PrivateKey } from '@eseal/core';
import { parseCourtChains, parseRelayClientKey } from './relay-config';
import { parseRelayJob, relayJobOptions } from './relay-job';

const courtKey = Buffer.from(Sm2PrivateKey.generate().publicKey.point).toString('hex');
const entry = { id: 'hz-court', type: 'http', url: 'https://court.example/', appId: 'eseal', publicKey: courtKey };

describe('COURT_CHAINS', () => {
  it('is empty when unset, and fills defaults per entry', () => {
    expect(parseCourtChains(undefined)).toEqual([]);
    expect(parseCourtChains('  ')).toEqual([]);
    expect(parseCourtChains(JSON.stringify([entry]))).toEqual([
      { ...entry, digestAlgorithm: 'SM3', limits: { concurrency: 4, ratePerSecond: 2000 }, timeoutMs: 10_000 },
    ]);
  });

  it.each([
    ['not JSON', '{'],
    ['not an array', JSON.stringify(entry)],
    ['a duplicate id', JSON.stringify([entry, entry])],
    ['an unknown type', JSON.stringify([{ ...entry, type: 'ftp' }])],
    ['a Fabric court chain without its identity', JSON.stringify([{ id: 'court-fabric', type: 'fabric', court: {}, source: {} }])],
    [
      'a Fabric court chain whose files do not exist',
      JSON.stringify([
        {
          id: 'court-fabric',
          type: 'fabric',
          identity: { mspId: 'MakerMSP', certPath: '/nonexistent/cert.pem', keyPath: '/nonexistent/key.pem' },
          court: {},
          source: {},
        },
      ]),
    ],
    ['a key off the curve', JSON.stringify([{ ...entry, publicKey: `04${'11'.repeat(64)}` }])],
    ['an unknown digest algorithm', JSON.stringify([{ ...entry, digestAlgorithm: 'MD5' }])],
    ['a non-http URL', JSON.stringify([{ ...entry, url: 'ftp://court' }])],
    ['a zero rate', JSON.stringify([{ ...entry, ratePerSecond: 0 }])],
  ])('refuses %s with CONFIG_INVALID', (_what, text) => {
    expect(() => parseCourtChains(text)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('needs a 32-byte client key', () => {
    expect(() => parseRelayClientKey(undefined)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => parseRelayClientKey('abcd')).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    const key = Sm2PrivateKey.generate();
    expect(parseRelayClientKey(Buffer.from(key.bytes()).toString('hex')).publicKey.equals(key.publicKey)).toBe(true);
  });
});

describe('relay job', () => {
  it('takes a v2 group of <evidenceId>@<adapterId> relay ids, reads a v1 payload as a group of one, nothing else', () => {
    expect(parseRelayJob({ v: 2, relayIds: ['batch_0123456789@hz-court', 'batch_9876543210@hz-court'] })).toEqual({
      v: 2,
      relayIds: ['batch_0123456789@hz-court', 'batch_9876543210@hz-court'],
    });
    expect(parseRelayJob({ v: 1, relayId: 'batch_0123456789@hz-court' })).toEqual({ v: 2, relayIds: ['batch_0123456789@hz-court'] });
    for (const bad of [
      null,
      {},
      { v: 2, relayId: 'batch_0123456789@hz-court' },
      { v: 2, relayIds: [] },
      { v: 3, relayIds: ['batch_0123456789@hz-court'] },
      { v: 1, relayId: 'no-adapter-part' },
      { v: 1, relayId: 'batch_0123456789@bad:adapter' },
      { v: 2, relayIds: ['batch_0123456789@hz-court', 'no-adapter-part'] },
    ]) {
      expect(() => parseRelayJob(bad)).toThrow();
    }
  });

  it('uses the relay id as job id, keeps failed jobs, and backs off exponentially with jitter', () => {
    expect(relayJobOptions('batch_0123456789@hz-court')).toMatchObject({
      jobId: 'batch_0123456789@hz-court',
      removeOnFail: false,
      backoff: { type: 'exponential', jitter: 0.5 },
    });
  });
});
