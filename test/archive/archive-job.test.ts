/**
 * Archiving as a worker job, end to end through HTTP: a signed (and time-stamped) document handed
 * back to POST /archives, the real worker packaging it once its evidence is complete (anchored, and
 * answered by the configured court chain), the package listed and downloaded by the unit, its API
 * client and a court (that read recorded), and `seal archive check` on the downloaded package.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevelopmentCertificateAuthority, readArchivePackage, toPem } from '@eseal/core';
import pino from 'pino';
import request from 'supertest';
import { crlOf, issueUnder, makeRoot, type TestCa } from '../../core/src/x509/__tests__/pki-fixture';
import type { Caller } from '../../server/src/access';
import { HttpTimeStampAuthority } from '../../server/src/adapters/tsa';
import { archiveRoutes } from '../../server/src/api/archive/archive-routes';
import { signingApi } from '../../server/src/api/signing';
import { createApp } from '../../server/src/app';
import type { CliIo } from '../../server/src/cli/cli-command';
import { runCli } from '../../server/src/cli/run-cli';
import { BullArchiveQueue } from '../../server/src/composition/archive-queue';
import { loadOrCreateLedgerNodeIdentity } from '../../server/src/composition/ledger-node-identity';
import { evidenceReadModel } from '../../server/src/court';
import { securityGuard } from '../../server/src/http/security/route-guard';
import { createLogger } from '../../server/src/observability/logger';
import { relayModel, type RelayDoc } from '../../server/src/relay';
import { ArchiveStore } from '../../server/src/store/archive';
import { MongoAnchorOutbox, readAnchorStatus } from '../../server/src/store/signing';
import { produceArchive, type ArchiveDeps } from '../../server/src/usecases/archive';
import { anchorLedgerOf } from '../../server/src/usecases/signing';
import { verifyUploadedDocument } from '../../server/src/usecases/signing/verify-document';
import { runAnchoring } from '../../worker/src/anchor';
import { archiveProcessor, processArchive, type ArchiveReady } from '../../worker/src/archive';
import { startWorker, type RunningWorker } from '../../worker/src';
import { suiteQueuePrefix, testRedisUrl } from '../support/env';
import { pdfOf, signBody } from '../signing/support/api';
import { startTestTsa, type TestTsa } from '../signing/support/test-tsa';
import {
  CALLER_HEADER,
  callerHeader,
  createSigningWorld,
  holder,
  samplePdf,
  sm3Hex,
  type SigningWorld,
  type TestSeal,
} from '../signing/support/signing-world';

const UNIT = 'unit_archive';
const OTHER_UNIT = 'unit_other';
const UNIT_NAME = '天津示范档案有限公司';
const COURT_CHAIN = 'court-a';

const admin = (unitId: string): Caller => ({ id: `acct_admin_${unitId}`, kind: 'person', roles: ['UNIT_ADMIN'], unitId });
const apiClient = (unitId: string): Caller => ({
  id: `key_${unitId}`,
  kind: 'api-client',
  roles: ['API_CLIENT'],
  clientClass: 'STATE_ORGAN',
  unitIds: [unitId],
});
const COURT: Caller = { id: 'acct_court', kind: 'person', roles: ['COURT'] };

describe('archive packages (归档) made by the worker once the evidence is complete', () => {
  let root: TestCa;
  let tsa: TestTsa;
  let world: SigningWorld;
  let seal: TestSeal;
  let deps: ArchiveDeps;
  let queue: BullArchiveQueue;
  let worker: RunningWorker | undefined;
  let app: ReturnType<typeof createApp>;
  let signed: Uint8Array;
  let archiveId: string;
  let dir: string;
  let prefix: string;
  /** A second document's archive (the FAILED one asked for again). */
  let otherId: string;
  const ready: ArchiveReady[] = [];
  const waiters = new Map<string, (r: ArchiveReady) => void>();
  const readyFor = (id: string) =>
    new Promise<ArchiveReady>((resolve) => {
      const seen = ready.find((r) => r.archiveId === id);
      if (seen) resolve(seen);
      else waiters.set(id, resolve);
    });

  const as = (caller: Caller) => ({
    post: (path: string, body: unknown) =>
      request(app)
        .post(`/api/v1${path}`)
        .set(CALLER_HEADER, callerHeader(caller))
        .send(body as object),
    get: (path: string) =>
      request(app)
        .get(`/api/v1${path}`)
        .set(CALLER_HEADER, callerHeader(caller))
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        }),
  });
  const json = (body: Buffer) => JSON.parse(body.toString('utf8'));
  const archive = (document: Uint8Array, caller = admin(UNIT), extra: Record<string, unknown> = {}) =>
    as(caller).post('/archives', { document: Buffer.from(document).toString('base64'), ...extra });

  async function signNew(label: string): Promise<Uint8Array> {
    const res = await request(world.app)
      .post('/api/v1/sign')
      .set(CALLER_HEADER, callerHeader(holder(UNIT, 'person_archive')))
      .send(signBody(seal, await samplePdf(label)));
    expect([res.status, res.body.error]).toEqual([201, undefined]);
    return pdfOf(res.body);
  }

  async function startArchiveWorker(): Promise<void> {
    // The worker, on the suite's Redis; its hook records each ready package.
    worker = await startWorker(
      { redisUrl: testRedisUrl(), queuePrefix: prefix },
      {
        logger: pino({ level: 'silent' }),
        processors: [
          archiveProcessor({
            producer: { produce: (id) => produceArchive(deps, id), recordFailure: (id, r, f) => deps.archives.recordFailure(id, r, f) },
            onArchiveReady: (r) => {
              ready.push(r);
              waiters.get(r.archiveId)?.(r);
            },
          }),
        ],
      },
    );
  }

  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: { DATA_DIR: join(dir, 'data') }, cwd: dir };
    const code = await runCli(argv, io);
    return { code, stdout: out.join(''), stderr: err.join('') };
  };

  beforeAll(async () => {
    root = await makeRoot();
    tsa = await startTestTsa(root);
    const timeStamping = {
      authority: new HttpTimeStampAuthority({ url: tsa.url, timeoutMs: 5000, trust: { trustAnchors: [root.cert] } }),
      required: true,
    };
    world = await createSigningWorld({}, { root, timeStamping });
    seal = await world.addSeal({ unitId: UNIT, kind: 'LEGAL_REPRESENTATIVE', actingPersonId: 'person_archive' });
    await world.store.models.units.collection.insertOne({ _id: UNIT, name: UNIT_NAME } as never);
    signed = await signNew('archived contract');
    archiveId = sm3Hex(signed);

    // The service seal's key and certificate, under the same CA as every seal; the ledger node's identity for the bundle.
    const serviceSeal = await issueUnder(root, { country: 'CN', organization: '电子印章服务（测试）', commonName: '电子印章服务公章' });
    const nodeCa = await DevelopmentCertificateAuthority.create();
    const attestor = world.ledger.withNodeIdentity!(await loadOrCreateLedgerNodeIdentity(nodeCa, { kek: randomBytes(32) }));
    const archives = ArchiveStore.of(world.mongo.connection);
    await archives.ensureCollections();
    prefix = `${suiteQueuePrefix()}-archive`;
    queue = new BullArchiveQueue({ redisUrl: testRedisUrl(), prefix });
    const relays = relayModel(world.mongo.connection);
    deps = {
      store: world.store,
      signing: world.signing,
      archives,
      relaysOf: ({ batchId }) => relays.find({ 'subject.batchId': batchId }).lean<RelayDoc[]>().exec(),
      courtChains: [COURT_CHAIN],
      attestor,
      ca: { chain: () => [root.cert], currentCrl: () => crlOf(root) },
      serviceSeal: { key: serviceSeal.key, certificateDer: serviceSeal.cert.der },
      verify: (document) => verifyUploadedDocument(world.deps, document),
      queue,
      clock: () => new Date(),
    };
    app = createApp({
      logger: createLogger({ level: 'silent' }),
      bodyLimitBytes: 20 * 1024 * 1024,
      probes: [],
      apiModules: [signingApi(world.deps), archiveRoutes({ ...deps, reads: evidenceReadModel(world.mongo.connection) })],
      routeGuard: securityGuard({
        authenticate: async (req) => {
          const header = req.header(CALLER_HEADER);
          return header ? { caller: JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as Caller } : undefined;
        },
      }),
    });
    dir = mkdtempSync(join(tmpdir(), 'eseal-archive-job-'));
    writeFileSync(join(dir, 'root.pem'), toPem(root.cert.der));

    // CA, TSA, seals and a signed document: heavy on a loaded machine.
  }, 180_000);

  afterAll(async () => {
    await worker?.close();
    await queue?.close();
    await tsa?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await world?.close();
  });

  it('refuses, with coded errors, a file this service did not sign, another unit, and a file that is no document', async () => {
    const changed = Buffer.from(signed);
    changed[changed.length - 10] ^= 1;
    const unknown = await archive(changed);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const foreign = await archive(signed, admin(OTHER_UNIT));
    expect([foreign.status, foreign.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const foreignKey = await archive(signed, apiClient(OTHER_UNIT));
    expect(foreignKey.status).toBe(403);
    const notPdf = await archive(new Uint8Array(Buffer.from('plain text, not a document')));
    expect([notPdf.status, notPdf.body.error.code]).toEqual([422, 'PDF_MALFORMED']);
    const badTitle = await archive(signed, admin(UNIT), { title: 'a\u2028b' });
    expect([badTitle.status, badTitle.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await as(admin(UNIT)).get(`/archives/${'0'.repeat(64)}`)).status).toBe(404);
    // A package is one stored record: a document over 10 MiB is refused before anything is kept.
    const huge = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
    huge.write('%PDF-1.7\n', 0, 'latin1');
    const tooLarge = await archive(huge);
    expect([tooLarge.status, tooLarge.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    // Nothing was recorded by the refusals.
    expect(await deps.archives.archives.countDocuments({})).toBe(0);
  });

  it('records one archive per document version: concurrent and repeated requests find the same one', async () => {
    const metadata = { title: '采购合同', retention: '30Y' };
    const answers = await Promise.all([archive(signed, admin(UNIT), metadata), archive(signed, apiClient(UNIT), metadata)]);
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    expect(answers.map((a) => a.body.archiveId)).toEqual([archiveId, archiveId]);
    expect(answers.map((a) => a.body.created).sort()).toEqual([false, true]);
    const again = await archive(signed);
    expect(again.body).toEqual({ archiveId, state: 'PENDING', created: false });
    expect(await deps.archives.archives.countDocuments({ _id: archiveId })).toBe(1);
  });

  it('starts a FAILED archive over when it is asked for again', async () => {
    const other = await signNew('archived after a failure');
    const id = sm3Hex(other);
    otherId = id;
    expect((await archive(other)).body).toEqual({ archiveId: id, state: 'PENDING', created: true });
    await deps.archives.recordFailure(id, 'ARCHIVE_EVIDENCE_INCOMPLETE: gave up', true);
    expect(json((await as(admin(UNIT)).get(`/archives/${id}`)).body)).toMatchObject({ state: 'FAILED', lastError: /gave up/ });
    expect((await archive(other)).body).toEqual({ archiveId: id, state: 'PENDING', created: false });
    expect(json((await as(admin(UNIT)).get(`/archives/${id}`)).body).state).toBe('PENDING');
    expect(await deps.archives.loadDocument(id)).toEqual(new Uint8Array(other));
  });

  it('waits, saying why, until every signature is anchored and the court chain has answered', async () => {
    const producer = { produce: (id: string) => produceArchive(deps, id), recordFailure: deps.archives.recordFailure.bind(deps.archives) };
    await expect(processArchive({ producer }, { version: 1, archiveId }, { made: 0, allowed: 10 })).rejects.toMatchObject({
      code: 'ARCHIVE_EVIDENCE_INCOMPLETE',
      message: expect.stringMatching(/not anchored/),
    });
    const waiting = json((await as(admin(UNIT)).get(`/archives/${archiveId}`)).body);
    expect(waiting).toMatchObject({
      archiveId,
      state: 'PENDING',
      lastError: expect.stringMatching(/ARCHIVE_EVIDENCE_INCOMPLETE.*not anchored/),
    });
    const early = await as(admin(UNIT)).get(`/archives/${archiveId}/package`);
    expect([early.status, json(early.body).error.code]).toEqual([409, 'ARCHIVE_NOT_READY']);

    await runAnchoring({ outbox: new MongoAnchorOutbox(world.signing), ledger: anchorLedgerOf(world.ledger) }, 100);
    await expect(produceArchive(deps, archiveId)).rejects.toMatchObject({
      code: 'ARCHIVE_EVIDENCE_INCOMPLETE',
      message: expect.stringMatching(new RegExp(`court chain ${COURT_CHAIN} has not answered`)),
    });

    // The relay's record of the court chain's answer for the batch, as the relay stores a confirmation.
    const record = (await world.signing.records.findOne({ documentSm3After: archiveId }).lean().exec())!;
    const anchor = (await readAnchorStatus(world.signing, [record._id])).get(record._id)!;
    const now = new Date();
    await relayModel(world.mongo.connection).create({
      _id: `relay_${anchor.batchId}_${COURT_CHAIN}`,
      adapterId: COURT_CHAIN,
      subject: { kind: 'BATCH', batchId: anchor.batchId! },
      evidence: {
        evidenceId: anchor.batchId!,
        digest: anchor.root!,
        digestAlgorithm: 'SM3',
        partyId: 'eseal',
        txToken: 't',
        phase: 'SIGN',
        sourceTxId: anchor.txId!,
      },
      state: 'CONFIRMED',
      attempts: 1,
      receipt: {
        evidenceId: anchor.batchId!,
        evidenceNumber: 'CE-2026-000042',
        txHash: 'ab'.repeat(32),
        blockHeight: 42,
        recordedAt: now.toISOString(),
        digest: anchor.root!,
        digestAlgorithm: 'SM3',
        signature: 'cd'.repeat(32),
      },
      createdAt: now,
      updatedAt: now,
      confirmedAt: now,
    });
    // The worker starts only now, so its first run of the job queued by the request finds the evidence
    // complete (a run before would wait out a growing backoff).
    await startArchiveWorker();
    const done = await readyFor(archiveId);
    expect(done.unitId).toBe(UNIT);
    const status = json((await as(admin(UNIT)).get(`/archives/${archiveId}`)).body);
    expect(status).toMatchObject({ state: 'READY', packageSm3: done.packageSm3, title: '采购合同', retention: '30Y', verdict: 'VALID' });
    expect(status.lastError).toBeUndefined();
    // The uploaded copy is gone: the package holds the document.
    expect(await deps.archives.loadDocument(archiveId)).toBeUndefined();
    // Made once: a repeat finds it and changes nothing; asking again answers READY.
    expect(await produceArchive(deps, archiveId)).toMatchObject({ outcome: 'ALREADY_PACKAGED', packageSm3: done.packageSm3 });
    expect((await archive(signed)).body).toEqual({ archiveId, state: 'READY', created: false });
    // 第二十四条: the archiving is in the audit log, once.
    const audited = await world.store.audit.find({ action: 'ARCHIVE_PACKAGED', 'details.archiveId': archiveId }).lean().exec();
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ unitId: UNIT, details: { archiveId, packageSm3: done.packageSm3, verdict: 'VALID' } });
    expect(await deps.archives.loadDocument(archiveId)).toBeUndefined();
  }, 120_000);

  it('is listed and downloaded by the unit and its API client, never by another unit', async () => {
    const list = json((await as(admin(UNIT)).get('/archives?limit=10')).body);
    expect(list.items.map((a: { archiveId: string }) => a.archiveId)).toEqual([archiveId, otherId].sort());
    expect(list.nextCursor).toBeUndefined();
    expect(json((await as(apiClient(UNIT)).get('/archives')).body).items).toHaveLength(2);
    // Pages of one: the cursor leads to the second, and no further.
    const first = json((await as(admin(UNIT)).get('/archives?limit=1')).body);
    const second = json((await as(admin(UNIT)).get(`/archives?limit=1&cursor=${first.nextCursor}`)).body);
    expect([...first.items, ...second.items].map((a: { archiveId: string }) => a.archiveId)).toEqual([archiveId, otherId].sort());
    expect(second.nextCursor).toBeUndefined();
    expect(json((await as(admin(OTHER_UNIT)).get('/archives')).body).items).toEqual([]);
    expect((await as(admin(OTHER_UNIT)).get(`/archives?unitId=${UNIT}`)).status).toBe(403);
    expect((await as(apiClient(OTHER_UNIT)).get(`/archives/${archiveId}/package`)).status).toBe(403);

    const res = await as(apiClient(UNIT)).get(`/archives/${archiveId}/package`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/xml/);
    const pkg = res.body as Buffer;
    const status = json((await as(admin(UNIT)).get(`/archives/${archiveId}`)).body);
    expect(sm3Hex(pkg)).toBe(status.packageSm3);
    // What a package costs beside its document: base64 (4/3) and the evidence, a few tens of KB.
    expect([status.documentSize, status.packageSize]).toEqual([signed.length, pkg.length]);
    expect(pkg.length).toBeLessThan((signed.length * 4) / 3 + 100_000);
    writeFileSync(join(dir, 'package.xml'), pkg);

    const roles = readArchivePackage(new Uint8Array(pkg)).entities.map((e) => e.role);
    for (const role of [
      'document',
      'seal-data',
      'certificate',
      'crl',
      'proof-bundle',
      'court-receipts',
      'time-stamp-token',
      'verification-report',
      'metadata',
    ])
      expect(roles).toContain(role);
    const entities = readArchivePackage(new Uint8Array(pkg)).entities;
    expect(sm3Hex(entities.find((e) => e.role === 'document')!.bytes)).toBe(archiveId);
    // Verified with the ledger at packaging; the court chain's receipt as the relay stored it.
    const report = JSON.parse(Buffer.from(entities.find((e) => e.role === 'verification-report')!.bytes).toString('utf8'));
    expect(report.verdict).toBe('VALID');
    const receipts = JSON.parse(Buffer.from(entities.find((e) => e.role === 'court-receipts')!.bytes).toString('utf8'));
    expect(receipts).toEqual([expect.objectContaining({ courtChain: COURT_CHAIN, evidenceNumber: 'CE-2026-000042' })]);
  });

  it('passes seal archive check on the downloaded package, signed by the service seal; a changed byte fails with its code', async () => {
    const checked = await cli('archive', 'check', 'package.xml', '--ca', 'root.pem');
    expect([checked.code, checked.stderr]).toEqual([0, '']);
    for (const property of ['authenticity', 'integrity', 'usability', 'security'])
      expect(checked.stdout).toMatch(new RegExp(`\\[ok  \\] ${property}`));
    // Offline, what only the ledger can tell stays open: the package's own report (made with the ledger) says VALID.
    expect(checked.stdout).toMatch(/packaged .* by CN=电子印章服务公章.*; document INDETERMINATE/);

    const xml = (await import('node:fs')).readFileSync(join(dir, 'package.xml'), 'utf8');
    const b64 = /<Entity name="document.pdf"[^>]*>([^<]+)</.exec(xml)![1]!;
    const at = 400;
    writeFileSync(join(dir, 'tampered.xml'), xml.replace(b64, b64.slice(0, at) + (b64[at] === 'A' ? 'B' : 'A') + b64.slice(at + 1)));
    const tampered = await cli('archive', 'check', 'tampered.xml', '--ca', 'root.pem', '--json');
    expect(tampered.code).toBe(1);
    const report = JSON.parse(tampered.stdout);
    expect(report.properties.integrity.ok).toBe(false);
    expect(report.properties.integrity.codes).toContain('ENTITY_SM3_MISMATCH');
    expect(report.properties.security.ok).toBe(true);
  });

  it('lets a court list and download the archive of a document it holds, each read recorded for the unit', async () => {
    const reads = evidenceReadModel(world.mongo.connection);
    expect(await reads.countDocuments({ what: 'ARCHIVE' })).toBe(0);
    const listed = json((await as(COURT).get(`/court/documents/${archiveId}/archives`)).body);
    expect(listed.items).toEqual([expect.objectContaining({ archiveId, state: 'READY', unitId: UNIT })]);
    const pkg = await as(COURT).get(`/court/documents/${archiveId}/archive/package`);
    expect(pkg.status).toBe(200);
    expect(sm3Hex(pkg.body as Buffer)).toBe(listed.items[0].packageSm3);
    const rows = await reads.find({ what: 'ARCHIVE' }).lean().exec();
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.unitId === UNIT && r.documentSm3 === archiveId && r.reader.role === 'COURT')).toBe(true);
    // Not handed anything under that SM3: nothing to list, nothing recorded.
    expect(json((await as(COURT).get(`/court/documents/${'1'.repeat(64)}/archives`)).body)).toEqual({ items: [] });
    expect((await as(COURT).get(`/court/documents/${'1'.repeat(64)}/archive/package`)).status).toBe(404);
    expect(await reads.countDocuments({ what: 'ARCHIVE' })).toBe(2);
    // Units' own routes are not a court's.
    expect((await as(COURT).get(`/archives/${archiveId}`)).status).toBe(403);
  });
});
