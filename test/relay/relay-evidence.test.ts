/**
 * End to end through the API: a seal made (SealIssued) and a document signed and anchored
 * (BatchAnchored) reach the court-chain simulator through the ledger events, the relay worker and
 * the HTTP adapter; the receipts appear in the signature's and the seal's evidence views, and the
 * relay routes answer per their operations.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { Registry } from 'prom-client';
import { Redis } from 'ioredis';
import { Sm2PrivateKey, Sm2PublicKey } from '@eseal/core';
import { createApp } from '../../server/src/app';
import { relayServerExtension } from '../../server/src/composition';
import { createLogger } from '../../server/src/observability/logger';
import { createMetrics } from '../../server/src/observability/metrics';
import { readAnchorStatus } from '../../server/src/store/signing';
import type { MongoRelayStore, RelayMetrics } from '../../server/src/relay';
import {
  BullRelayQueue,
  HttpCourtChain,
  RelayDispatcher,
  receiptSignatureValid,
  relayProcessors,
  runAnchoring,
  startLedgerEvents,
  startWorker,
  type RunningLedgerEventConsumer,
  type RunningWorker,
} from '@eseal/worker';
import { eventually, startHarness, type Harness } from '../lifecycle/support/harness';
import { callerHeader, PUBLIC_SECURITY, testCallerGuard, unitAdmin } from '../lifecycle/support/test-caller-guard';
import { makeUsableSeal, signApproved } from '../signing/support/lifecycle-signing';
import { spawnCourtChain, type CourtChainProcess } from './support/court-chain-process';

jest.setTimeout(90_000);

const clientKey = Sm2PrivateKey.generate();
let dataDir: string;
let court: CourtChainProcess;
let h: Harness;
let app: ReturnType<typeof createApp>;
let relay: { store: MongoRelayStore; metrics: RelayMetrics };
let registry: Registry;
let connection: Redis;
let queue: BullRelayQueue;
let worker: RunningWorker;
let events: RunningLedgerEventConsumer;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-evidence-'));
  court = await spawnCourtChain(dataDir, { clients: [['eseal-test', Buffer.from(clientKey.publicKey.point).toString('hex')]] });
  h = await startHarness();
  connection = new Redis(h.config.redisUrl, { maxRetriesPerRequest: null });
  queue = new BullRelayQueue(connection, h.config.queuePrefix, { attempts: 5, backoffMs: 100 });
  registry = new Registry();
  const extension = await relayServerExtension({
    services: () => h.services,
    queue,
    registry,
    onReady: (built) => (relay = built),
  })({
    config: h.config,
    mongo: h.services.store.connection,
    redis: connection,
    logger: createLogger({ level: 'silent' }),
    metrics: createMetrics(),
  });
  app = createApp({
    logger: createLogger({ level: 'silent' }),
    bodyLimitBytes: h.config.bodyLimitBytes,
    probes: [],
    apiModules: [...h.services.apiModules, ...(extension.apiModules ?? [])],
    routeGuard: testCallerGuard,
  });
  const adapter = new HttpCourtChain({
    id: 'court-sim',
    baseUrl: court.url,
    appId: 'eseal-test',
    clientKey,
    courtPublicKey: Sm2PublicKey.fromPoint(Buffer.from(court.publicKeyHex, 'hex')),
    digestAlgorithm: 'SM3',
    timeoutMs: 5000,
  });
  const workerConfig = { redisUrl: h.config.redisUrl, queuePrefix: h.config.queuePrefix };
  worker = await startWorker(workerConfig, {
    processors: relayProcessors({
      store: relay.store,
      observer: relay.metrics,
      adapters: [{ adapter, limits: { concurrency: 4, ratePerSecond: 100 } }],
    }),
    logger: pino({ level: 'silent' }),
  });
  events = await startLedgerEvents(
    workerConfig,
    {
      ...h.services.ledgerEventPorts,
      relay: new RelayDispatcher([adapter], relay.store, queue, relay.metrics),
    },
    { logger: pino({ level: 'silent' }) },
  );
});

afterAll(async () => {
  await events?.close();
  await worker?.close();
  await queue?.close();
  await connection?.quit();
  await h?.close();
  await court?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const get = (caller: Parameters<typeof callerHeader>[0], route: string) => request(app).get(`/api/v1${route}`).set(callerHeader(caller));

describe('relay of seal events and anchored signatures', () => {
  it('relays the making of a seal and an anchored signature, and shows the court receipts in their evidence views', async () => {
    const seal = await makeUsableSeal(h);
    const { recordId } = await signApproved(h, seal, 'relayed to the court');
    await runAnchoring(h.services.signing.anchorPorts, 100);

    const sealRelays = await eventually(async () => {
      const res = await get(seal.keeper, `/seals/${seal.sealId}/court-receipts`);
      expect(res.status).toBe(200);
      const relays = res.body.items as Array<{ state: string; subject: { event: string }; evidence: { phase: string } }>;
      return relays.some((r) => r.subject.event === 'SealIssued' && r.state === 'CONFIRMED') ? relays : undefined;
    }, 30_000);
    expect(sealRelays.find((r) => r.subject.event === 'SealIssued')?.evidence.phase).toBe('ISSUE');

    const batchRelay = await eventually(async () => {
      const res = await get(seal.keeper, `/signatures/${recordId}/court-receipts`);
      expect(res.status).toBe(200);
      return (res.body.items as Array<{ state: string }>).find((r) => r.state === 'CONFIRMED') as
        | {
            relayId: string;
            subject: { batchId: string };
            evidence: { phase: string; digest: string };
            receipt: Parameters<typeof receiptSignatureValid>[1];
          }
        | undefined;
    }, 30_000);
    const anchor = (await readAnchorStatus(h.services.signing.deps.signing, [recordId])).get(recordId);
    expect(batchRelay.subject.batchId).toBe(anchor?.batchId);
    expect(batchRelay.evidence.phase).toBe('SIGN');
    // The stored receipt is the court's, checkable offline with its key.
    expect(receiptSignatureValid(Sm2PublicKey.fromPoint(Buffer.from(court.publicKeyHex, 'hex')), batchRelay.receipt)).toBe(true);
    expect((await court.stats()).submissions[batchRelay.receipt.evidenceId]).toBe(1);

    // Operators: list, read, and a confirmed relay is not retried.
    const list = await get(PUBLIC_SECURITY, '/relays?state=CONFIRMED');
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: { relayId: string }) => r.relayId)).toContain(batchRelay.relayId);
    const retry = await request(app).post(`/api/v1/relays/${batchRelay.relayId}/retry`).set(callerHeader(PUBLIC_SECURITY));
    expect(retry.status).toBe(409);
    expect(retry.body.error.code).toBe('RELAY_NOT_RETRYABLE');
    expect((await request(app).post('/api/v1/relays/nothing_here@court-sim/retry').set(callerHeader(PUBLIC_SECURITY))).status).toBe(404);

    // Access: a custodian does not run relays; another unit does not see this seal's evidence.
    expect((await get(seal.keeper, '/relays')).status).toBe(403);
    expect((await get(unitAdmin('unit_someone_else'), `/seals/${seal.sealId}/court-receipts`)).status).toBe(403);
    expect((await get(PUBLIC_SECURITY, '/relays?state=NOT_A_STATE')).status).toBe(400);

    const metrics = await registry.metrics();
    expect(metrics).toMatch(/eseal_relay_confirmed_total\{adapter="court-sim"\} [1-9]/);
    expect(metrics).toMatch(/eseal_relay_latency_seconds_count\{adapter="court-sim"\} [1-9]/);
  });
});
