import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevelopmentCertificateAuthority } from '@eseal/core';
import { HttpTimeStampAuthority } from '@eseal/server';
import { startLocalServices } from '../local-services';
import type { BenchModule, BenchResult } from './result';

/**
 * timestamp.round-trip: one RFC 3161 time-stamp from the local TSA as a signing gets it, p50 and p99:
 * the request, the TSA's journal write and SM2 token, and the client's checks (CMS signature, TSA
 * certificate chain, imprint, nonce). Baseline: a bare HTTP round trip to the same TSA process
 * (GET /health), measured in the same run, so the ratio shows what the time-stamp adds to loopback HTTP.
 */
const WARM_UP = 50;
const ROUND_TRIPS = 500;

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function timed(count: number, action: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await action(i);
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

export const timestampBench: BenchModule = {
  name: 'timestamp',
  async run(): Promise<BenchResult[]> {
    const dataDir = mkdtempSync(join(tmpdir(), 'eseal-tsa-bench-'));
    const ca = await DevelopmentCertificateAuthority.create();
    const local = await startLocalServices({
      dataDir,
      mongodb: false,
      redis: false,
      tsa: {
        certify: async (publicKey) => {
          const now = Date.now();
          const leaf = await ca.issue({
            subject: { country: 'CN', commonName: 'bench TSA' },
            publicKey,
            notBefore: new Date(now - 60_000),
            notAfter: new Date(now + 86_400_000),
            profile: 'tsa',
          });
          return [leaf, ...ca.chain()];
        },
      },
    });
    try {
      const url = local.tsaUrl!;
      const chain = ca.chain();
      const client = new HttpTimeStampAuthority({ url, timeoutMs: 30_000, trust: { trustAnchors: chain.slice(-1), intermediates: chain.slice(0, -1) } });
      const value = (i: number) => new Uint8Array(Buffer.from(`signature value ${i}`));
      const health = () => fetch(`${url}/health`).then((r) => r.arrayBuffer());
      await timed(WARM_UP, (i) => client.stamp(value(i)));
      await timed(WARM_UP, health);
      const bare = await timed(ROUND_TRIPS, health);
      const stamped = await timed(ROUND_TRIPS, (i) => client.stamp(value(i)));
      return [
        {
          name: 'timestamp.round-trip',
          value: round(stamped.p50),
          unit: 'ms p50',
          baseline: { name: 'bare HTTP round trip to the TSA p50', value: round(bare.p50) },
          ratio: round(bare.p50 / stamped.p50, 3),
          note: `p99 ${round(stamped.p99)} ms (bare p99 ${round(bare.p99)} ms), ${ROUND_TRIPS} sequential requests: SM3 imprint, SM2 token, journal write, client checks of signature, chain, imprint, nonce`,
        },
      ];
    } finally {
      await local.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
