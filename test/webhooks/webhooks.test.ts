import { Queue, QueueEvents } from 'bullmq';
import type { Express } from 'express';
import request from 'supertest';
import type { Caller } from '../../server/src/access';
import { signingApi } from '../../server/src/api/signing';
import { createApp } from '../../server/src/app';
import { createEvidenceAccess } from '../../server/src/composition/evidence-access';
import { createWebhooks, type WebhookServices } from '../../server/src/composition/webhooks';
import { EvidenceEvents } from '../../server/src/events';
import { securityGuard } from '../../server/src/http/security/route-guard';
import { createLogger } from '../../server/src/observability/logger';
import { MongoRelayStore, relayModel } from '../../server/src/relay';
import { MongoAnchorOutbox } from '../../server/src/store/signing';
import { anchorLedgerOf } from '../../server/src/usecases/signing';
import { WebhookSecrets, webhookDeliveryModel } from '../../server/src/webhooks';
import { runAnchoring } from '../../worker/src/anchor';
import { startWorker, type RunningWorker } from '../../worker/src/start-worker';
import { HttpWebhookSender, webhookProcessor } from '../../worker/src/webhooks';
import { as, pdfOf, signBody } from '../signing/support/api';
import {
  CALLER_HEADER,
  apiClient,
  callerHeader,
  createSigningWorld,
  holder,
  samplePdf,
  type SigningWorld,
  type TestSeal,
} from '../signing/support/signing-world';
import { suiteQueuePrefix, testRedisUrl } from '../support/env';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

const UNIT = 'unit_hooks_a';
const OTHER = 'unit_hooks_b';
const ATTEMPTS = 3;
const unitAdmin = (unitId: string): Caller => ({ id: `acct_admin_${unitId}`, kind: 'person', roles: ['UNIT_ADMIN'], unitId });

describe('webhooks: signed deliveries to a loopback receiver, retried, logged and redelivered', () => {
  let world: SigningWorld;
  let app: Express;
  let events: EvidenceEvents;
  let webhooks: WebhookServices;
  let worker: RunningWorker;
  let receiver: WebhookReceiver;
  let otherReceiver: WebhookReceiver;
  let seal: TestSeal;
  let subscriptionId: string;
  let otherSubscriptionId: string;
  let queue: Queue;
  let queueEvents: QueueEvents;

  /** Resolves when the delivery's job has finished, delivered or failed for good (the worker has logged the attempt). */
  const finished = async (deliveryId: string): Promise<'completed' | 'failed'> => {
    const job = await queue.getJob(deliveryId);
    if (!job) throw new Error(`no job ${deliveryId}`);
    return job.waitUntilFinished(queueEvents).then(
      () => 'completed' as const,
      () => 'failed' as const,
    );
  };
  const deliveryIdFor = async (eventId: string) =>
    (await webhookDeliveryModel(world.mongo.connection).findOne({ subscriptionId, eventId }).lean())!._id;

  const api = (caller: Caller) => ({
    get: (path: string) => request(app).get(`/api/v1${path}`).set(CALLER_HEADER, callerHeader(caller)),
    post: (path: string, body: object = {}) => request(app).post(`/api/v1${path}`).set(CALLER_HEADER, callerHeader(caller)).send(body),
    delete: (path: string) => request(app).delete(`/api/v1${path}`).set(CALLER_HEADER, callerHeader(caller)),
  });
  const deliveries = async (caller: Caller = apiClient(UNIT), id = subscriptionId) =>
    (await api(caller).get(`/webhooks/subscriptions/${id}/deliveries`)).body.deliveries as Array<{
      id: string;
      eventId: string;
      event: string;
      state: string;
      attempts: Array<{ status?: number }>;
    }>;
  const anchor = () => runAnchoring({ outbox: new MongoAnchorOutbox(world.signing, events), ledger: anchorLedgerOf(world.ledger) }, 100);

  beforeAll(async () => {
    world = await createSigningWorld();
    events = new EvidenceEvents();
    const access = await createEvidenceAccess({
      mongo: world.mongo.connection,
      store: world.store,
      signing: world.signing,
      events,
      clock: () => new Date(),
    });
    webhooks = await createWebhooks({
      mongo: world.mongo.connection,
      signing: world.signing,
      events,
      secrets: new WebhookSecrets(Buffer.alloc(32, 7)),
      queue: { redisUrl: testRedisUrl(), prefix: suiteQueuePrefix() },
      // Development/test configuration: the receiver is on loopback, over http.
      env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_ATTEMPTS: String(ATTEMPTS), WEBHOOK_RETRY_BASE_MS: '20' },
      clock: () => new Date(),
    });
    app = createApp({
      logger: createLogger({ level: 'silent' }),
      bodyLimitBytes: 40 * 1024 * 1024,
      probes: [],
      apiModules: [signingApi(world.deps), ...access.apiModules, webhooks.apiModule],
      routeGuard: securityGuard({
        authenticate: async (req) => {
          const header = req.header(CALLER_HEADER);
          return header ? { caller: JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as Caller } : undefined;
        },
      }),
    });
    worker = await startWorker(
      { redisUrl: testRedisUrl(), queuePrefix: suiteQueuePrefix(), logLevel: 'silent' },
      {
        processors: [
          webhookProcessor({
            store: webhooks.deliveryStore,
            sender: new HttpWebhookSender({ timeoutMs: 5000, allowPrivateTargets: true }),
          }),
        ],
      },
    );
    queue = new Queue('webhook', { connection: { url: testRedisUrl() }, prefix: suiteQueuePrefix() });
    queueEvents = new QueueEvents('webhook', { connection: { url: testRedisUrl() }, prefix: suiteQueuePrefix() });
    await queueEvents.waitUntilReady();
    receiver = await startWebhookReceiver();
    otherReceiver = await startWebhookReceiver();
    seal = await world.addSeal({ unitId: UNIT, kind: 'LEGAL_REPRESENTATIVE', actingPersonId: 'person_hook' });

    const created = await api(apiClient(UNIT)).post('/webhooks/subscriptions', {
      url: receiver.url,
      events: ['signature.anchored', 'signature.relayed', 'seal.revoked', 'certificate.ready'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ unitId: UNIT, active: true, secret: expect.stringMatching(/^whsec_/) });
    receiver.secret = created.body.secret;
    subscriptionId = created.body.id;
    const other = await api(unitAdmin(OTHER)).post('/webhooks/subscriptions', {
      url: otherReceiver.url,
      events: ['signature.anchored', 'seal.revoked'],
    });
    expect(other.status).toBe(201);
    otherReceiver.secret = other.body.secret;
    otherSubscriptionId = other.body.id;
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await queueEvents?.close();
    await queue?.close();
    await webhooks?.close();
    await receiver?.close();
    await otherReceiver?.close();
    await world?.close();
  });

  it('never shows the secret again and stores it encrypted', async () => {
    const listed = await api(apiClient(UNIT)).get('/webhooks/subscriptions');
    expect(listed.body.subscriptions).toEqual([expect.objectContaining({ id: subscriptionId, url: receiver.url })]);
    expect(JSON.stringify(listed.body)).not.toContain(receiver.secret);
    const stored = await world.mongo.connection.collection('webhook_subscriptions').findOne({ _id: subscriptionId as never });
    expect(JSON.stringify(stored)).not.toContain(receiver.secret.slice(6));
  });

  it('delivers signature.anchored once per signature, signed, to its own unit only; publishing again is a no-op', async () => {
    const signed = await as(world, holder(UNIT, 'person_hook')).post('/sign', signBody(seal, await samplePdf('webhook doc')));
    expect(signed.status).toBe(201);
    expect((await anchor()).anchored).toBe(1);
    const [got] = await receiver.waitFor('signature.anchored', 1);
    expect(got!.body).toMatchObject({
      id: `signature.anchored:${signed.body.record.id}`,
      type: 'signature.anchored',
      data: { recordId: signed.body.record.id, documentSm3: pdfOf(signed.body) && expect.any(String), ledgerTxId: expect.any(String) },
    });
    expect(receiver.counts.badSignatures).toBe(0);
    expect(await finished(got!.deliveryId)).toBe('completed');
    // The same fact told again (a repeated anchoring run): the same delivery id, its finished job absorbs it.
    const finishedOn = (await queue.getJob(got!.deliveryId))!.finishedOn;
    const anchoredAgain = (await world.signing.anchorResults.findById(signed.body.record.id).lean())!;
    await events.signaturesAnchored({
      batchId: anchoredAgain.batchId!,
      root: anchoredAgain.root!,
      treeSize: 1,
      txId: anchoredAgain.txId!,
      anchoredAt: anchoredAgain.anchoredAt!,
      recordIds: [signed.body.record.id],
    });
    const job = (await queue.getJob(got!.deliveryId))!;
    expect([await job.getState(), job.finishedOn]).toEqual(['completed', finishedOn]);
    const log = await deliveries();
    expect(log.filter((d) => d.event === 'signature.anchored')).toEqual([
      expect.objectContaining({ state: 'DELIVERED', attempts: [expect.objectContaining({ status: 204 })] }),
    ]);
    // The other unit's subscription got no delivery for this unit's signature.
    expect(await deliveries(unitAdmin(OTHER), otherSubscriptionId)).toEqual([]);
  });

  it('retries a failing receiver with backoff and logs every attempt', async () => {
    receiver.failNext(2);
    await events.sealRevoked({ sealId: seal.sealId, sealCode: seal.sealCode, unitId: UNIT, reason: 'KEY_LEAKED', revokedAt: new Date() });
    const [revoked] = await receiver.waitFor('seal.revoked', 1);
    expect(revoked!.body.data).toMatchObject({ sealId: seal.sealId, reason: 'KEY_LEAKED' });
    expect(await finished(revoked!.deliveryId)).toBe('completed');
    expect(receiver.counts.failedOnCommand).toBe(2);
    const log = (await deliveries()).find((d) => d.event === 'seal.revoked')!;
    expect(log).toMatchObject({ state: 'DELIVERED' });
    expect(log.attempts.map((a) => a.status)).toEqual([500, 500, 204]);
  });

  it('marks a delivery FAILED after the last attempt; redeliver sends it again with the same id', async () => {
    receiver.failNext(ATTEMPTS);
    await webhooks.certificateReady({ certificateNumber: 'EC-2026-000001', unitId: UNIT, data: { documentSm3: 'ab'.repeat(32) } });
    const failedJob = await deliveryIdFor('certificate.ready:EC-2026-000001');
    expect(await finished(failedJob)).toBe('failed');
    expect((await deliveries()).find((d) => d.id === failedJob)!.state).toBe('FAILED');
    expect(receiver.counts.failedOnCommand).toBe(2 + ATTEMPTS);
    const redelivered = await api(apiClient(UNIT)).post(`/webhooks/deliveries/${failedJob}/redeliver`);
    expect([redelivered.status, redelivered.body.state]).toEqual([202, 'PENDING']);
    const [ready] = await receiver.waitFor('certificate.ready', 1);
    expect(ready!.deliveryId).toBe(failedJob);
    expect(await finished(failedJob)).toBe('completed');
    const log = (await deliveries()).find((d) => d.id === failedJob)!;
    expect(log.state).toBe('DELIVERED');
    expect(log.attempts.map((a) => a.status)).toEqual([500, 500, 500, 204]);
    // Someone else's delivery cannot be redelivered.
    expect((await api(unitAdmin(OTHER)).post(`/webhooks/deliveries/${failedJob}/redeliver`)).status).toBe(403);
  });

  it('delivers signature.relayed when a court receipt is confirmed', async () => {
    const anchored = (await world.signing.anchorResults.find({ state: 'ANCHORED' }).lean())[0]!;
    const relays = new MongoRelayStore(relayModel(world.mongo.connection), undefined, events);
    const relayId = `${anchored.batchId}@court-sim`;
    await relays.create({
      relayId,
      adapterId: 'court-sim',
      subject: { kind: 'BATCH', batchId: anchored.batchId! },
      evidence: {
        evidenceId: anchored.batchId!,
        digest: 'ab'.repeat(32),
        digestAlgorithm: 'SM3',
        partyId: 'p',
        txToken: 't',
        phase: 'SIGN',
        sourceTxId: anchored.txId!,
      },
      createdAt: new Date(),
    });
    await relays.markSubmitted(
      relayId,
      {
        evidenceId: anchored.batchId!,
        evidenceNumber: 'CCE-HOOK-1',
        txHash: 'cd'.repeat(32),
        blockHeight: 7,
        recordedAt: new Date().toISOString(),
        digest: 'ab'.repeat(32),
        digestAlgorithm: 'SM3',
        signature: '00',
      },
      new Date(),
    );
    await relays.markConfirmed(relayId, new Date());
    const [relayed] = await receiver.waitFor('signature.relayed', 1);
    expect(relayed!.body.data).toMatchObject({
      recordId: anchored._id,
      courtChain: 'court-sim',
      evidenceNumber: 'CCE-HOOK-1',
      courtBlockHeight: 7,
    });
    expect(receiver.counts).toMatchObject({ badSignatures: 0, repeats: 0 });
  });

  it('refuses to connect to a loopback or private address outside development configuration, even by name', async () => {
    const strict = new HttpWebhookSender({ timeoutMs: 2000, allowPrivateTargets: false });
    const before = receiver.counts.requests;
    const byName = receiver.url.replace('127.0.0.1', 'localhost');
    await expect(strict.send(byName, {}, '{}')).rejects.toThrow(/no public address/);
    await expect(strict.send(receiver.url, {}, '{}')).rejects.toThrow(/not a public address/);
    await expect(strict.send('http://[::ffff:127.0.0.1]:9/', {}, '{}')).rejects.toThrow(/not a public address/);
    expect(receiver.counts.requests).toBe(before);
  });

  it('stops delivering to a deleted subscription and keeps its log', async () => {
    expect((await api(unitAdmin(UNIT)).delete(`/webhooks/subscriptions/${subscriptionId}`)).status).toBe(200);
    await events.sealRevoked({
      sealId: 'seal_other',
      sealCode: '1234567890123',
      unitId: UNIT,
      reason: 'ESEAL_RETIRED',
      revokedAt: new Date(),
    });
    expect(
      (await webhookDeliveryModel(world.mongo.connection).find({ subscriptionId, eventId: 'seal.revoked:seal_other' }).lean()).length,
    ).toBe(0);
    expect((await deliveries()).length).toBeGreaterThanOrEqual(4);
    expect((await api(unitAdmin(OTHER)).get(`/webhooks/subscriptions/${subscriptionId}/deliveries`)).status).toBe(403);
  });
});
