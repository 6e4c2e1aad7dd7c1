import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AnchorEntry } from '@eseal/chaincode';
import { anchorBatchRoot } from '@eseal/core';
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
 *  fabric.anchor          signatures anchored per second: BATCHES batches of BATCH_SIZE entries from
 *                         SEALS seals, CONCURRENCY in flight, baseline: the embedded ledger anchoring
 *                         the same batches in this run.
 *  fabric.anchor.e2e.p50/p99  signing to commit of each signature when signatures arrive at a steady
 *                         PACED_RATE: waiting for its batch to fill, then endorsement, ordering, commit.
 *  fabric.tx.latency.p50/p99  submit-to-commit time of single IssueSeal transactions, one at a time.
 */
const BATCHES = 12;
/**
 * An anchor costs the network a fixed amount per transaction (endorsement signatures, ordering, a block
 * validated and committed on three peers) plus a little per entry (its bytes: the contract writes two
 * keys per batch whatever its size), so larger batches are cheaper per signature.
 */
const BATCH_SIZE = 2_000;
const CONCURRENCY = 6;
const SEALS = 10;
/** Signatures per second offered in the latency phase: the issue's target, which the first phase measures against. */
const PACED_RATE = 5_000;
const PACED_BATCHES = 6;
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

/**
 * CPU seconds each network process has used so far (utime + stime from /proc, Linux only), by the
 * name of its pid file, and this process's own (the gateway client): where the time of an anchored
 * signature goes, whatever else the machine runs.
 */
function networkCpuSeconds(): Map<string, number> {
  const cpu = new Map<string, number>();
  const pids = join(runDir(), 'pids');
  for (const file of readdirSync(pids)) {
    try {
      const pid = readFileSync(join(pids, file), 'utf8').trim().split(/\s+/)[0]!;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      cpu.set(file.replace(/\.pid$/, ''), (Number(fields[11]) + Number(fields[12])) / 100); // utime, stime in clock ticks
    } catch {
      // not Linux, or the process is gone: no figure for it
    }
  }
  const own = process.cpuUsage();
  cpu.set('client', (own.user + own.system) / 1e6);
  return cpu;
}

/** "peer-maker 0.86, ..." ms of CPU per anchored signature, largest first. */
function cpuPerSignature(before: Map<string, number>, after: Map<string, number>, signatures: number): string {
  const rows = [...after].map(([name, seconds]) => [name, ((seconds - (before.get(name) ?? seconds)) * 1000) / signatures] as const);
  const total = rows.reduce((sum, [, ms]) => sum + ms, 0);
  const listed = rows.filter(([, ms]) => ms >= 0.001).sort((a, b) => b[1] - a[1]).map(([name, ms]) => `${name} ${round(ms, 3)}`);
  return `CPU ms per signature: ${round(total, 3)} in all, the client's included (${listed.join(', ')})`;
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

function makeBatch(run: string, label: string, sealIds: string[], signedAt: string): { batchId: string; root: string; entries: AnchorEntry[] } {
  const entries = Array.from({ length: BATCH_SIZE }, (_, i): AnchorEntry => ({
    recordId: `${run}-r${label}-${i}`, sealId: sealIds[i % sealIds.length]!, signedAt,
    signatureSm3: sm3(`${run}-sig-${label}-${i}`), documentSm3: sm3(`${run}-doc-${label}-${i}`),
  }));
  // The chaincode accepts only the Merkle root of the entries (built up front, outside the timed loop).
  return { batchId: `${run}-${label}`, root: anchorBatchRoot(entries), entries };
}

/** Closed loop: every batch is ready up front, CONCURRENCY lanes submit them back to back. */
async function measureAnchoring(client: LedgerClient, run: string, sealIds: string[]): Promise<number> {
  // Signed after the seals were issued, so every entry passes the "active at signing time" check.
  const signedAt = new Date().toISOString();
  const queue = Array.from({ length: BATCHES }, (_, b) => makeBatch(run, `b${b}`, sealIds, signedAt));
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await client.anchorBatch(next);
  }));
  return (BATCHES * BATCH_SIZE) / ((performance.now() - started) / 1000);
}

/**
 * Signing to commit: signature k is made at start + k / PACED_RATE. A batch leaves when its last
 * signature is made (as the anchor worker takes a full batch), at most CONCURRENCY in flight; each
 * signature's latency is its batch's commit time minus its own signing time.
 */
async function measureEndToEnd(client: LedgerClient, run: string, sealIds: string[]): Promise<number[]> {
  const latencies: number[] = [];
  const started = performance.now();
  const signedAtMs = (k: number) => started + (k * 1000) / PACED_RATE;
  let nextBatch = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    for (let b = nextBatch++; b < PACED_BATCHES; b = nextBatch++) {
      const last = signedAtMs((b + 1) * BATCH_SIZE - 1);
      const wait = last - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await client.anchorBatch(makeBatch(run, `p${b}`, sealIds, new Date().toISOString()));
      const committed = performance.now();
      for (let k = b * BATCH_SIZE; k < (b + 1) * BATCH_SIZE; k++) latencies.push(committed - signedAtMs(k));
    }
  }));
  return latencies.sort((a, c) => a - c);
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
      // Several large batches in flight on a shared machine can take longer than the service's 15 s.
      timeouts: { endorseMs: 120_000 },
    }));
    // The ledger keeps everything between runs: ids carry a per-run prefix.
    const run = `BENCH-${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
    try {
      await client.health();
      const validFrom = new Date(Date.now() - DAY).toISOString();
      const validTo = new Date(Date.now() + 365 * DAY).toISOString();
      const latency = await measureLatency(client, run, validFrom, validTo);
      const sealIds = Array.from({ length: SEALS }, (_, s) => `${run}-lat-${s}`);
      const cpuBefore = networkCpuSeconds();
      const fabricRate = await measureAnchoring(client, run, sealIds);
      const cpu = cpuPerSignature(cpuBefore, networkCpuSeconds(), BATCHES * BATCH_SIZE);
      const endToEnd = await measureEndToEnd(client, run, sealIds);
      const embedded = await measureAnchorThroughput({ batches: BATCHES, batchSize: BATCH_SIZE });
      const shape = `${BATCHES} batches x ${BATCH_SIZE} from ${SEALS} seals, ${CONCURRENCY} in flight; target >= 5,000/s`;
      const paced = `signing to commit at ${PACED_RATE}/s offered, ${PACED_BATCHES} batches x ${BATCH_SIZE}: batch fill + endorse + order + commit`;
      return [
        {
          name: 'fabric.anchor', value: round(fabricRate), unit: 'signatures/s',
          baseline: { name: 'embedded', value: round(embedded.recordsPerSecond) }, ratio: round(fabricRate / embedded.recordsPerSecond, 3), note: `${shape}; ${cpu}`,
        },
        { name: 'fabric.anchor.e2e.p50', value: round(percentile(endToEnd, 50)), unit: 'ms', note: paced },
        { name: 'fabric.anchor.e2e.p99', value: round(percentile(endToEnd, 99)), unit: 'ms', note: paced },
        { name: 'fabric.tx.latency.p50', value: round(percentile(latency, 50)), unit: 'ms', note: `IssueSeal submit to commit, ${LATENCY_SAMPLES} sequential` },
        { name: 'fabric.tx.latency.p99', value: round(percentile(latency, 99)), unit: 'ms', note: `IssueSeal submit to commit, ${LATENCY_SAMPLES} sequential` },
      ];
    } finally {
      await client.close();
    }
  },
};
