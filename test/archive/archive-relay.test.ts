/**
 * Archiving as `npm start` wires it, with a real court chain: the production archive extension on the
 * real services, the relay worker and the ledger events relaying the anchored batch to the court-chain
 * simulator (its own process). The package waits for the court's receipt, then holds it, and
 * `seal archive check` passes on the downloaded package.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { Registry } from 'prom-client';
import { Redis } from 'ioredis';
import { Certificate, readArchivePackage, Sm2PrivateKey, Sm2PublicKey, sm3Hex, toPem } from '@eseal/core';
import { createApp } from '../../server/src/app';
import type { CliIo } from '../../server/src/cli/cli-command';
import { runCli } from '../../server/src/cli/run-cli';
import { relayServerExtension } from '../../server/src/composition';
import { archiveServerExtension, type ArchiveProducer } from '../../server/src/composition/archive-extension';
import { BullArchiveQueue } from '../../server/src/composition/archive-queue';
import { createLogger } from '../../server/src/observability/logger';
import { createMetrics } from '../../server/src/observability/metrics';
import type { MongoRelayStore, RelayMetrics } from '../../server/src/relay';
import type { ServerInfra } from '../../server/src/start-server';
import {
  archiveProcessor,
  BullRelayQueue,
  HttpCourtChain,
  RelayDispatcher,
  receiptSignatureValid,
  relayProcessors,
  runAnchoring,
  startLedgerEvents,
  startWorker,
  type ArchiveReady,
  type RunningLedgerEventConsumer,
  type RunningWorker,
} from '@eseal/worker';
import { startHarness, type Harness } from '../lifecycle/support/harness';
import { callerHeader, testCallerGuard } from '../lifecycle/support/test-caller-guard';
import { makeUsableSeal, signApproved } from '../signing/support/lifecycle-signing';
import { spawnCourtChain, type CourtChainProcess } from '../relay/support/court-chain-process';

jest.setTimeout(180_000);

const COURT_CHAIN = 'court-sim';
const clientKey = Sm2PrivateKey.generate();
let dataDir: string;
let court: CourtChainProcess;
let h: Harness;
let app: ReturnType<typeof createApp>;
let relay: { store: MongoRelayStore; metrics: RelayMetrics };
let producer: ArchiveProducer;
let connection: Redis;
let relayQueue: BullRelayQueue;
let archiveQueue: BullArchiveQueue;
let worker: RunningWorker;
let events: RunningLedgerEventConsumer;
const ready = new Map<string, (r: ArchiveReady) => void>();
const readyFor = (archiveId: string) => new Promise<ArchiveReady>((resolve) => ready.set(archiveId, resolve));

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'archive-relay-'));
  court = await spawnCourtChain(dataDir, { clients: [['eseal-test', Buffer.from(clientKey.publicKey.point).toString('hex')]] });
  h = await startHarness();
  connection = new Redis(h.config.redisUrl, { maxRetriesPerRequest: null });
  relayQueue = new BullRelayQueue(connection, h.config.queuePrefix, { attempts: 5, backoffMs: 100 });
  archiveQueue = new BullArchiveQueue({ redisUrl: h.config.redisUrl, prefix: h.config.queuePrefix });
  const infra: ServerInfra = {
    config: h.config,
    mongo: h.services.store.connection,
    redis: connection,
    logger: createLogger({ level: 'silent' }),
    metrics: createMetrics(),
  };
  const relayExtension = await relayServerExtension({
    services: () => h.services,
    queue: relayQueue,
    registry: new Registry(),
    onReady: (built) => (relay = built),
  })(infra);
  const archiveExtension = await archiveServerExtension({
    services: () => h.services,
    queue: archiveQueue,
    courtChains: [COURT_CHAIN],
    onReady: (built) => (producer = built.producer),
  })(infra);
  app = createApp({
    logger: createLogger({ level: 'silent' }),
    bodyLimitBytes: h.config.bodyLimitBytes,
    probes: [],
    apiModules: [...h.services.apiModules, ...(relayExtension.apiModules ?? []), ...(archiveExtension.apiModules ?? [])],
    routeGuard: testCallerGuard,
  });
  const adapter = new HttpCourtChain({
    id: COURT_CHAIN,
    baseUrl: court.url,
    appId: 'eseal-test',
    clientKey,
    courtPublicKey: Sm2PublicKey.fromPoint(Buffer.from(court.publicKeyHex, 'hex')),
    digestAlgorithm: 'SM3',
    timeoutMs: 5000,
  });
  const workerConfig = { redisUrl: h.config.redisUrl, queuePrefix: h.config.queuePrefix };
  worker = await startWorker(workerConfig, {
    processors: [
      ...relayProcessors({
        store: relay.store,
        observer: relay.metrics,
        adapters: [{ adapter, limits: { concurrency: 4, ratePerSecond: 100 } }],
      }),
      archiveProcessor({ producer, onArchiveReady: (r) => ready.get(r.archiveId)?.(r) }),
    ],
    logger: pino({ level: 'silent' }),
  });
  events = await startLedgerEvents(
    workerConfig,
    { ...h.services.ledgerEventPorts, relay: new RelayDispatcher([adapter], relay.store, relayQueue, relay.metrics) },
    { logger: pino({ level: 'silent' }) },
  );
});

afterAll(async () => {
  await events?.close();
  await worker?.close();
  await archiveQueue?.close();
  await relayQueue?.close();
  await connection?.quit();
  await h?.close();
  await court?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it("packages a signed document once it is anchored and the court chain's receipt is in, holding that receipt", async () => {
  const seal = await makeUsableSeal(h);
  const { signedPdf } = await signApproved(h, seal, 'archived with its court receipt');
  const archiveId = sm3Hex(signedPdf);
  const done = readyFor(archiveId);
  const asked = await request(app)
    .post('/api/v1/archives')
    .set(callerHeader(seal.keeper))
    .send({ document: Buffer.from(signedPdf).toString('base64'), title: '供货合同' });
  expect([asked.status, asked.body]).toEqual([202, { archiveId, state: 'PENDING', created: true }]);

  // The job waits for the anchoring, then for the court chain's answer the relay brings back.
  await runAnchoring(h.services.signing.anchorPorts, 100);
  const packaged = await done;
  expect(packaged.unitId).toBe(seal.unitId);

  const status = await request(app).get(`/api/v1/archives/${archiveId}`).set(callerHeader(seal.keeper));
  expect(status.body).toMatchObject({ state: 'READY', packageSm3: packaged.packageSm3, verdict: 'VALID', title: '供货合同' });
  const pkg = await request(app)
    .get(`/api/v1/archives/${archiveId}/package`)
    .set(callerHeader(seal.keeper))
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  expect(sm3Hex(pkg.body as Buffer)).toBe(packaged.packageSm3);

  const entities = readArchivePackage(new Uint8Array(pkg.body as Buffer)).entities;
  const receipts = JSON.parse(Buffer.from(entities.find((e) => e.role === 'court-receipts')!.bytes).toString('utf8'));
  expect(receipts).toHaveLength(1);
  expect(receipts[0].courtChain).toBe(COURT_CHAIN);
  // The receipt is the court's own, checkable offline with its key.
  expect(receiptSignatureValid(Sm2PublicKey.fromPoint(Buffer.from(court.publicKeyHex, 'hex')), receipts[0])).toBe(true);
  expect(entities.some((e) => e.role === 'proof-bundle')).toBe(true);

  // Checked offline against the service's CA: signed by the service seal.
  fs.writeFileSync(path.join(dataDir, 'package.xml'), pkg.body as Buffer);
  const root = h.services.deps.certificates.ca.chain().at(-1)!;
  fs.writeFileSync(path.join(dataDir, 'root.pem'), toPem(root.der));
  const out: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: () => undefined, env: { DATA_DIR: dataDir }, cwd: dataDir };
  expect(await runCli(['archive', 'check', 'package.xml', '--ca', 'root.pem'], io)).toBe(0);
  expect(out.join('')).toContain(`by ${Certificate.fromDer(h.services.evidence.serviceSeal.certificateDer).subjectText}`);
});
