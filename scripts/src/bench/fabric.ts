import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AnchorEntry } from '@eseal/chaincode';
import {
  connectFabricLedger, createContractLedgerClient, measureAnchorThroughput, type LedgerClient,
} from '@eseal/server/dist/ledger';
import type { BenchModule, BenchResult } from './result';

/**
 * fabric.anchor and fabric.tx.latency: the Fabric back-end as the service uses it (fabric-gateway,
 * the maker's issuing and anchoring identity, endorsement by the maker and public-security peers,
 * Raft ordering, commit). Needs `npm run fabric:up`; without a running network it reports nothing
 * and says so, rather than measuring something else.
 *
 *  fabric.anchor          signatures anchored per second: BATCHES batches of BATCH_SIZE entries,
 *                         CONCURRENCY in flight (the anchor worker's shape), baseline: the embedded
 *                         ledger anchoring the same batches in this run.
 *  fabric.tx.latency.p50/p99  submit-to-commit time of single IssueSeal transactions, one at a time.
 */
const BATCHES = 8;
const BATCH_SIZE = 500;
const CONCURRENCY = 4;
const LATENCY_SAMPLES = 30;

const sm3 = (text: string) => createHash('sm3').update(text).digest('hex');
const DAY = 86_400_000;

interface NetworkFile {
  channel: string;
  chaincode: string;
  peers: { maker: { endpoint: string; tlsCaCertPath: string } };
  identities: { makerIssuer: { mspId: string; certPath: string; keyPath: string } };
}

function runDir(): string {
  return process.env.ESEAL_FABRIC_RUN_DIR ?? join(resolve(__dirname, '../../..'), 'network', '.run');
}

/** The running network's description, when fabric:up finished and its orderer is still alive. */
function runningNetwork(): NetworkFile | undefined {
  const dir = runDir();
  const file = join(dir, 'network.json');
  const ordererPid = join(dir, 'pids', 'orderer.pid');
  if (!existsSync(file) || !existsSync(ordererPid)) return undefined;
  try {
    process.kill(Number(readFileSync(ordererPid, 'utf8').trim().split(/\s+/)[0]), 0); // "<pid> <start time>"
  } catch {
    return undefined;
  }
  return JSON.parse(readFileSync(file, 'utf8')) as NetworkFile;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

async function measureLatency(client: LedgerClient, run: string, validFrom: string, validTo: string): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const sealId = `${run}-lat-${i}`;
    const started = performance.now();
    await client.issueSeal({
      sealId, unitId: sm3(`unit-${run}`), kind: 'CONTRACT', imprintSm3: sm3(`i-${sealId}`), certSerial: '01',
      certSm3: sm3(`c-${sealId}`), sesealSm3: sm3(`s-${sealId}`), validFrom, validTo,
    });
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b);
}

async function measureAnchoring(client: LedgerClient, run: string, sealIds: string[]): Promise<number> {
  // Signed after the seals were issued, so every entry passes the "active at signing time" check.
  const signedAt = new Date().toISOString();
  const batches = Array.from({ length: BATCHES }, (_, b) => ({
    batchId: `${run}-b${b}`,
    root: sm3(`${run}-root-${b}`),
    entries: Array.from({ length: BATCH_SIZE }, (_, i): AnchorEntry => ({
      recordId: `${run}-r${b}-${i}`, sealId: sealIds[i % sealIds.length]!, signedAt,
      signatureSm3: sm3(`${run}-sig-${b}-${i}`), documentSm3: sm3(`${run}-doc-${b}-${i}`),
    })),
  }));
  const queue = [...batches];
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await client.anchorBatch(next);
  }));
  return (BATCHES * BATCH_SIZE) / ((performance.now() - started) / 1000);
}

export const fabricBench: BenchModule = {
  name: 'fabric',
  async run(): Promise<BenchResult[]> {
    const network = runningNetwork();
    if (network === undefined) {
      process.stderr.write('  fabric: skipped, the local Fabric network is not up (npm run fabric:up); no figures reported\n');
      return [];
    }
    const identity = network.identities.makerIssuer;
    const client = createContractLedgerClient(connectFabricLedger({
      peerEndpoint: network.peers.maker.endpoint, tlsCaCertPath: network.peers.maker.tlsCaCertPath,
      mspId: identity.mspId, certPath: identity.certPath, keyPath: identity.keyPath,
      channel: network.channel, chaincode: network.chaincode,
    }));
    // The ledger keeps everything between runs: ids carry a per-run prefix.
    const run = `BENCH-${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
    try {
      await client.health();
      const validFrom = new Date(Date.now() - DAY).toISOString();
      const validTo = new Date(Date.now() + 365 * DAY).toISOString();
      const latency = await measureLatency(client, run, validFrom, validTo);
      const sealIds = Array.from({ length: 10 }, (_, s) => `${run}-lat-${s}`);
      const fabricRate = await measureAnchoring(client, run, sealIds);
      const embedded = await measureAnchorThroughput({ batches: BATCHES, batchSize: BATCH_SIZE });
      const shape = `${BATCHES} batches x ${BATCH_SIZE}, ${CONCURRENCY} in flight`;
      return [
        {
          name: 'fabric.anchor', value: round(fabricRate), unit: 'signatures/s',
          baseline: { name: 'embedded', value: round(embedded.recordsPerSecond) }, note: shape,
        },
        { name: 'fabric.tx.latency.p50', value: round(percentile(latency, 50)), unit: 'ms', note: `IssueSeal submit to commit, ${LATENCY_SAMPLES} sequential` },
        { name: 'fabric.tx.latency.p99', value: round(percentile(latency, 99)), unit: 'ms', note: `IssueSeal submit to commit, ${LATENCY_SAMPLES} sequential` },
      ];
    } finally {
      await client.close();
    }
  },
};
