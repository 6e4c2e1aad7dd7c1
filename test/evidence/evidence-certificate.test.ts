import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DevelopmentCertificateAuthority,
  decodeSesSignature,
  parseBundleTrust,
  toPem,
  verifyProofBundleV2,
  type ProofBundleV2,
} from '@eseal/core';
import pino from 'pino';
import { sm2 as referenceSm2, sm3 as referenceSm3 } from 'sm-crypto';
import request from 'supertest';
import type { Caller } from '../../server/src/access';
import { courtCertificateRoutes } from '../../server/src/api/court/court-certificate-routes';
import { certificateRoutes } from '../../server/src/api/evidence/certificate-routes';
import { evidenceReadModel, listEvidenceReads } from '../../server/src/court';
import { signingApi } from '../../server/src/api/signing';
import { createApp } from '../../server/src/app';
import type { CliIo } from '../../server/src/cli/cli-command';
import { runCli } from '../../server/src/cli/run-cli';
import { BullCertificateQueue } from '../../server/src/composition/certificate-queue';
import { DEFAULT_REPORT_FONT } from '../../server/src/infra/report-font';
import { loadOrCreateLedgerNodeIdentity } from '../../server/src/composition/ledger-node-identity';
import { loadOrCreateMakerIdentity } from '../../server/src/composition/maker-identity';
import { loadOrCreateServiceSeal } from '../../server/src/composition/service-seal-identity';
import { securityGuard } from '../../server/src/http/security/route-guard';
import { createLogger } from '../../server/src/observability/logger';
import { relayModel, type RelayDoc } from '../../server/src/relay';
import { EvidenceCertificateStore } from '../../server/src/store/evidence';
import { MongoAnchorOutbox, readAnchorStatus } from '../../server/src/store/signing';
import {
  produceCertificate,
  serviceSealRegistrar,
  type CertificateDeps,
  type ServiceSeal,
} from '../../server/src/usecases/evidence/certificates';
import { anchorLedgerOf } from '../../server/src/usecases/signing';
import { runAnchoring } from '../../worker/src/anchor';
import { certificateProcessor, processCertificate, type CertificateReady } from '../../worker/src/certificate';
import { startWorker, type RunningWorker } from '../../worker/src';
import { suiteQueuePrefix, testRedisUrl } from '../support/env';
import { pdfOf, signBody } from '../signing/support/api';
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

const UNIT = 'unit_certificate';
const OTHER_UNIT = 'unit_elsewhere';
const UNIT_NAME = '天津示范贸易有限公司';
const SIGNER = '王法人';
const PUBLIC_BASE_URL = 'https://verify.eseal.example';
const DOCUMENT_NAME = '供货合同（2026）第 7 号.pdf';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
/** pdftotext breaks lines and drops the spaces between CJK glyphs: compare without whitespace. */
const squeeze = (text: string) => text.replace(/\s+/g, '');

describe('evidence certificates (存证证书), issued by the worker and sealed with the service seal', () => {
  let world: SigningWorld;
  let seal: TestSeal;
  let ca: DevelopmentCertificateAuthority;
  let serviceSeal: ServiceSeal;
  let deps: CertificateDeps;
  let queue: BullCertificateQueue;
  let worker: RunningWorker | undefined;
  let prefix: string;
  let app: ReturnType<typeof createApp>;
  let signed: Uint8Array;
  let unsignedSm3: string;
  let dir: string;
  const ready: CertificateReady[] = [];
  const waiters = new Map<string, (r: CertificateReady) => void>();
  const readyFor = (number: string) =>
    new Promise<CertificateReady>((resolve) => {
      const seen = ready.find((r) => r.certificateNumber === number);
      if (seen) resolve(seen);
      else waiters.set(number, resolve);
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
  /** The worker with the certificate processor, on the suite's Redis; its hook records each ready certificate. */
  async function startCertificateWorker(): Promise<void> {
    worker = await startWorker(
      { redisUrl: testRedisUrl(), queuePrefix: prefix },
      {
        logger: pino({ level: 'silent' }),
        processors: [
          certificateProcessor({
            producer: { produce: (n) => produceCertificate(deps, n), recordFailure: (n, r, f) => deps.certificates.recordFailure(n, r, f) },
            onCertificateReady: (r) => {
              ready.push(r);
              waiters.get(r.certificateNumber)?.(r);
            },
          }),
        ],
      },
    );
  }

  const custodianOf = (unitId: string): Caller => ({ id: 'acct_admin', kind: 'person', roles: ['UNIT_ADMIN'], unitId });
  const json = (body: Buffer) => JSON.parse(body.toString('utf8'));

  beforeAll(async () => {
    world = await createSigningWorld();
    seal = await world.addSeal({ unitId: UNIT, kind: 'LEGAL_REPRESENTATIVE', actingPersonId: 'person_cert' });
    // The unit and the signer as the lifecycle stores them (names only matter here).
    await world.store.models.units.collection.insertOne({ _id: UNIT, name: UNIT_NAME } as never);
    await world.store.models.people.collection.insertOne({ _id: 'person_cert', unitId: UNIT, identity: { name: SIGNER } } as never);
    const unsigned = await samplePdf('supply contract');
    unsignedSm3 = sm3Hex(unsigned);
    const first = await request(world.app)
      .post('/api/v1/sign')
      .set(CALLER_HEADER, callerHeader(holder(UNIT, 'person_cert')))
      .send(signBody(seal, unsigned));
    expect(first.status).toBe(201);
    signed = pdfOf(first.body);

    ca = await DevelopmentCertificateAuthority.create();
    const kek = randomBytes(32);
    const maker = await loadOrCreateMakerIdentity(ca, { kek, makerId: 'TEST-MAKER' });
    serviceSeal = await loadOrCreateServiceSeal(ca, maker, { kek });
    const attestor = world.ledger.withNodeIdentity!(await loadOrCreateLedgerNodeIdentity(ca, { kek }));
    const certificates = EvidenceCertificateStore.of(world.mongo.connection);
    await certificates.ensureCollections();
    prefix = `${suiteQueuePrefix()}-certificate`;
    queue = new BullCertificateQueue({ redisUrl: testRedisUrl(), prefix });
    deps = {
      store: world.store,
      signing: world.signing,
      certificates,
      relaysOf: (subject) =>
        relayModel(world.mongo.connection)
          .find('batchId' in subject ? { 'subject.batchId': subject.batchId } : { 'subject.sealId': subject.sealId })
          .lean<RelayDoc[]>()
          .exec(),
      ledger: world.ledger,
      attestor,
      bundleTrust: () => ({ caCertificates: ca.chain(), ledgerNodes: [], courtKeys: [] }),
      serviceSeal,
      registerServiceSeal: serviceSealRegistrar(world.ledger, serviceSeal),
      font: new Uint8Array(readFileSync(DEFAULT_REPORT_FONT)),
      publicBaseUrl: PUBLIC_BASE_URL,
      queue,
      clock: () => new Date(),
    };
    app = createApp({
      logger: createLogger({ level: 'silent' }),
      bodyLimitBytes: 1024 * 1024,
      probes: [],
      apiModules: [
        signingApi(world.deps),
        certificateRoutes(deps),
        courtCertificateRoutes({ ...deps, reads: evidenceReadModel(world.mongo.connection), clock: deps.clock }),
      ],
      routeGuard: securityGuard({
        authenticate: async (req) => {
          const header = req.header(CALLER_HEADER);
          return header ? { caller: JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as Caller } : undefined;
        },
      }),
    });
    dir = mkdtempSync(join(tmpdir(), 'eseal-certificate-'));
    // Seals, CA, service seal and a signed document: heavy on a loaded machine.
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await queue?.close();
    if (dir && !process.env.KEEP_CERT_DIR) rmSync(dir, { recursive: true, force: true });
    await world?.close();
  });

  it('is refused to other units and unknown documents, with coded errors', async () => {
    const path = `/evidence/documents/${sm3Hex(signed)}/certificates`;
    expect((await as(custodianOf(OTHER_UNIT)).post(path, {})).status).toBe(403);
    const unknown = await as(custodianOf(UNIT)).post(`/evidence/documents/${'0'.repeat(64)}/certificates`, {});
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const badName = await as(custodianOf(UNIT)).post(path, { documentName: 'a\u2028b' });
    expect([badName.status, badName.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await as(custodianOf(UNIT)).get('/evidence/certificates/ZC20261206AAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
  });

  it('waits (and says why) while a signature is not anchored, then is issued by the worker once it is', async () => {
    const asked = await as(custodianOf(UNIT)).post(`/evidence/documents/${sm3Hex(signed)}/certificates`, { documentName: DOCUMENT_NAME });
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ certificateNumber: expect.stringMatching(/^ZC\d{8}[0-9A-F]{20}$/), state: 'PENDING' });
    const number: string = asked.body.certificateNumber;
    // A run before the anchoring fails, is recorded on the certificate, and is retried.
    const producer = {
      produce: (n: string) => produceCertificate(deps, n),
      recordFailure: deps.certificates.recordFailure.bind(deps.certificates),
    };
    await expect(
      processCertificate({ producer }, { version: 1, certificateNumber: number }, { made: 0, allowed: 8 }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const waiting = json((await as(custodianOf(UNIT)).get(`/evidence/certificates/${number}`)).body);
    expect(waiting).toMatchObject({ state: 'PENDING', lastError: expect.stringMatching(/not anchored/) });
    const early = await as(custodianOf(UNIT)).get(`/evidence/certificates/${number}/pdf`);
    expect([early.status, json(early.body).error.code]).toEqual([409, 'CERTIFICATE_NOT_READY']);

    await runAnchoring({ outbox: new MongoAnchorOutbox(world.signing), ledger: anchorLedgerOf(world.ledger) }, 100);
    // The worker starts only now, so its first run of the queued job finds the signature anchored
    // (a run before would wait out a growing backoff).
    await startCertificateWorker();
    const done = await readyFor(number);
    expect(done.unitId).toBe(UNIT);
    const status = json((await as(custodianOf(UNIT)).get(`/evidence/certificates/${number}`)).body);
    expect(status).toMatchObject({
      state: 'READY',
      certificateSm3: done.certificateSm3,
      verifyUrl: `${PUBLIC_BASE_URL}/verify/c/${number}`,
    });
    expect(status.lastError).toBeUndefined();

    const pdf = (await as(custodianOf(UNIT)).get(`/evidence/certificates/${number}/pdf`)).body as Buffer;
    expect(sm3Hex(pdf)).toBe(done.certificateSm3);
    writeFileSync(join(dir, 'certificate.pdf'), pdf);
    writeFileSync(join(dir, 'number.txt'), number);
    // Issued once: a repeat finds it and changes nothing (and calls no hook).
    expect(await produceCertificate(deps, number)).toMatchObject({ outcome: 'ALREADY_ISSUED', certificateSm3: done.certificateSm3 });
  });

  const certificateFile = () => join(dir, 'certificate.pdf');
  const certificateNumber = () => readFileSync(join(dir, 'number.txt'), 'utf8');

  it('prints every field a court reads, found by pdftotext', async () => {
    const text = squeeze(execFileSync('pdftotext', [certificateFile(), '-'], { encoding: 'utf8' }));
    const bundle = (await produceBundle()) as ProofBundleV2;
    const statement = JSON.parse((bundle.signatures[0]!.anchor as { statement: string }).statement);
    const record = (await world.signing.records
      .findOne({ documentSm3After: sm3Hex(signed) })
      .lean()
      .exec())!;
    const sealDoc = (await world.store.seals.byId(seal.sealId))!;
    for (const expected of [
      '电子签章存证证书',
      certificateNumber(),
      squeeze(DOCUMENT_NAME),
      unsignedSm3,
      sm3Hex(signed),
      `${sealDoc.displayName}${sealDoc.sealName}`.replace(/\s+/g, ''),
      seal.sealCode,
      UNIT_NAME,
      SIGNER,
      record.signatureSm3,
      statement.block.txId,
      `区块${statement.block.number}`,
      bundle.signatures[0]!.merkle.root,
      '有效（VALID）',
      serviceSeal.sealCode,
    ]) {
      expect(text).toContain(expected);
    }
    // Signing time in Beijing time.
    const beijing = new Date(new Date(record.signedAt).getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', '');
    expect(text).toContain(beijing);
  });

  async function produceBundle(): Promise<unknown> {
    const zip = (await as(custodianOf(UNIT)).get(`/evidence/certificates/${certificateNumber()}/archive`)).body as Buffer;
    const file = join(dir, 'archive.zip');
    writeFileSync(file, zip);
    execFileSync('unzip', ['-o', '-q', file, '-d', join(dir, 'archive')]);
    return JSON.parse(readFileSync(join(dir, 'archive', `${certificateNumber()}.proof-bundle.json`), 'utf8'));
  }

  it('comes with its proof bundle in one zip, and the bundle holds offline against the CA', async () => {
    const bundle = await produceBundle();
    const pdfInZip = readFileSync(join(dir, 'archive', `${certificateNumber()}.pdf`));
    expect(pdfInZip.equals(readFileSync(certificateFile()))).toBe(true);
    const trust = parseBundleTrust({ format: 'eseal.trust', version: 1, caCertificates: ca.chain().map((c) => toPem(c.der)) });
    expect(verifyProofBundleV2(bundle, trust).verdict).toBe('VALID');
  });

  it('verifies with seal verify against the ledger: the service seal is registered there', async () => {
    writeFileSync(
      join(dir, 'ca.pem'),
      ca
        .chain()
        .map((c) => toPem(c.der))
        .join(''),
    );
    writeFileSync(join(dir, 'ca.crl'), (await ca.currentCrl()).toPem());
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      env: { LEDGER: 'embedded', LEDGER_DATA_DIR: world.ledgerDir, LEDGER_DURABLE: 'false', DATA_DIR: dir },
      cwd: '.',
    };
    const code = await runCli(['verify', certificateFile(), '--ca', join(dir, 'ca.pem'), '--crl', join(dir, 'ca.crl')], io);
    expect(out.join('')).toMatch(/VALID/);
    expect(out.join('')).toMatch(/\[ok  \] signature\.seal-ledger-status/);
    expect(code).toBe(0);
  });

  it('carries a GB/T 38540 SES_Signature that sm-crypto and OpenSSL check independently', () => {
    const pdf = readFileSync(certificateFile());
    const text = pdf.toString('latin1');
    const range = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text)!.slice(1).map(Number);
    const signedBytes = Buffer.concat([pdf.subarray(range[0]!, range[0]! + range[1]!), pdf.subarray(range[2]!, range[2]! + range[3]!)]);
    const contents = pdf.subarray(range[0]! + range[1]! + 1, range[2]! - 1).toString('latin1');
    const der = firstDerValue(Buffer.from(contents, 'hex'));
    // Strict DER as OpenSSL reads it.
    writeFileSync(join(dir, 'ses.der'), der);
    execFileSync('openssl', ['asn1parse', '-inform', 'DER', '-in', join(dir, 'ses.der')], { stdio: 'pipe' });
    const ses = decodeSesSignature(der);
    // dataHash is SM3 of the ByteRange bytes (sm-crypto's SM3, and OpenSSL's).
    expect(hex(ses.dataHash)).toBe(referenceSm3(Array.from(signedBytes)));
    writeFileSync(join(dir, 'signed-bytes'), signedBytes);
    expect(execFileSync('openssl', ['dgst', '-sm3', '-r', join(dir, 'signed-bytes')], { encoding: 'utf8' }).split(' ')[0]).toBe(
      hex(ses.dataHash),
    );
    // The SM2 signature over TBS_Sign, with the service seal's certificate key, default user ID.
    expect(hex(ses.signerCert)).toBe(hex(serviceSeal.certificateDer));
    const publicKey = hex(serviceSeal.key.publicKey.point);
    expect(referenceSm2.doVerifySignature(Array.from(ses.signedBytes), hex(ses.signatureValue), publicKey, { der: true, hash: true })).toBe(
      true,
    );
  });

  it('renders at A4 size, and its QR code decodes to the public verification page', () => {
    const png = join(dir, 'page');
    execFileSync('pdftoppm', ['-r', '150', '-f', '1', '-l', '1', '-png', '-singlefile', certificateFile(), png]);
    const image = readFileSync(`${png}.png`);
    // PNG IHDR: width and height at bytes 16-23. A4 (595.28 x 841.89 pt) at 150 dpi, rounded up by poppler.
    expect([image.readUInt32BE(16), image.readUInt32BE(20)]).toEqual([Math.ceil((595.28 * 150) / 72), Math.ceil((841.89 * 150) / 72)]);
    const decoded = execFileSync('zbarimg', ['-q', '--raw', `${png}.png`], { encoding: 'utf8' }).trim();
    expect(decoded).toBe(`${PUBLIC_BASE_URL}/verify/c/${certificateNumber()}`);
  });

  it('gives the public lookup only what the certificate prints', async () => {
    const found = await deps.certificates.findCertificateForLookup(certificateNumber());
    expect(found).toEqual({
      certificateNumber: certificateNumber(),
      kind: 'document',
      documentSm3: sm3Hex(signed),
      issuedAt: expect.any(String),
      verdict: 'VALID',
      signatures: [{ sealName: expect.any(String), sealCode: seal.sealCode, signedAt: expect.any(String) }],
      certificateSm3: sm3Hex(readFileSync(certificateFile())),
    });
    expect(JSON.stringify(found)).not.toContain(UNIT);
    expect(await deps.certificates.findCertificateForLookup('ZC20261206AAAAAAAAAAAAAAAAAAAA')).toBeUndefined();
  });

  it("is readable by the unit's API client and not by another unit's", async () => {
    const number = certificateNumber();
    const client: Caller = { id: 'key_cert', kind: 'api-client', roles: ['API_CLIENT'], clientClass: 'STATE_ORGAN', unitIds: [UNIT] };
    expect((await as(client).get(`/evidence/certificates/${number}/pdf`)).status).toBe(200);
    expect((await as(custodianOf(OTHER_UNIT)).get(`/evidence/certificates/${number}/pdf`)).status).toBe(403);
  });

  it('a court handed the document asks for its certificate and downloads it with its bundle; every call is recorded for the unit', async () => {
    const court: Caller = { id: 'acct_court_cert', kind: 'person', roles: ['COURT'] };
    const asked = await as(court).post(`/court/documents/${sm3Hex(signed)}/certificates`, { documentName: DOCUMENT_NAME });
    expect([asked.status, asked.body.state]).toEqual([202, 'PENDING']);
    const number: string = asked.body.certificateNumber;
    await readyFor(number);
    expect(json((await as(court).get(`/court/certificates/${number}`)).body)).toMatchObject({
      state: 'READY',
      subject: { kind: 'document', documentSm3: sm3Hex(signed) },
    });
    const pdf = await as(court).get(`/court/certificates/${number}/pdf`);
    expect([pdf.status, (pdf.body as Buffer).subarray(0, 5).toString('latin1')]).toEqual([200, '%PDF-']);
    const zip = await as(court).get(`/court/certificates/${number}/archive`);
    expect([zip.status, (zip.body as Buffer).subarray(0, 2).toString('latin1')]).toEqual([200, 'PK']);
    // The unit's certificate made by the unit is the court's to read too, by its number.
    const unitsOwn = certificateNumber();
    expect((await as(court).get(`/court/certificates/${unitsOwn}/pdf`)).status).toBe(200);

    // Each side keeps to its routes; a court reads documents' certificates only, and unknown numbers are NOT_FOUND.
    expect((await as(court).get(`/evidence/certificates/${number}/pdf`)).status).toBe(403);
    expect((await as(custodianOf(UNIT)).get(`/court/certificates/${number}/pdf`)).status).toBe(403);
    expect((await as(court).post(`/court/documents/${'0'.repeat(64)}/certificates`, {})).status).toBe(404);
    expect((await as(court).get('/court/certificates/ZC20261206AAAAAAAAAAAAAAAAAAAA')).status).toBe(404);

    const reads = await listEvidenceReads({ reads: evidenceReadModel(world.mongo.connection) }, custodianOf(UNIT), UNIT);
    const ofThis = reads.filter((r) => r.certificateNumber === number);
    expect(ofThis).toHaveLength(4);
    for (const read of ofThis)
      expect(read).toMatchObject({
        what: 'CERTIFICATE',
        documentSm3: sm3Hex(signed),
        reader: { id: court.id, role: 'COURT' },
        unitId: UNIT,
      });
    expect(reads.some((r) => r.certificateNumber === unitsOwn)).toBe(true);
    await expect(
      listEvidenceReads({ reads: evidenceReadModel(world.mongo.connection) }, custodianOf(OTHER_UNIT), UNIT),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('prints the court-chain receipts of the anchored batch', async () => {
    const record = (await world.signing.records
      .findOne({ documentSm3After: sm3Hex(signed) })
      .lean()
      .exec())!;
    const anchor = (await readAnchorStatus(world.signing, [record._id])).get(record._id)!;
    const receipt = { evidenceNumber: 'TJCOURT-2026-000123', txHash: 'ab'.repeat(32), blockHeight: 88123 };
    await world.mongo.connection.collection('relays').insertOne({
      _id: `relay_${anchor.batchId}`,
      adapterId: 'tj-court',
      subject: { kind: 'BATCH', batchId: anchor.batchId },
      state: 'CONFIRMED',
      receipt: { ...receipt, evidenceId: 'e1', recordedAt: new Date().toISOString(), digest: 'x', digestAlgorithm: 'SM3', signature: 'x' },
    } as never);
    const asked = await as(custodianOf(UNIT)).post(`/evidence/documents/${sm3Hex(signed)}/certificates`, {});
    const done = await readyFor(asked.body.certificateNumber);
    const pdf = (await as(custodianOf(UNIT)).get(`/evidence/certificates/${done.certificateNumber}/pdf`)).body as Buffer;
    writeFileSync(join(dir, 'with-court.pdf'), pdf);
    const text = squeeze(execFileSync('pdftotext', [join(dir, 'with-court.pdf'), '-'], { encoding: 'utf8' }));
    for (const expected of ['司法链tj-court', receipt.evidenceNumber, receipt.txHash, String(receipt.blockHeight), '（申请人未提供）']) {
      expect(text).toContain(expected);
    }
  });

  it("certifies a seal's life from the ledger", async () => {
    const asked = await as(custodianOf(UNIT)).post(`/evidence/seals/${seal.sealId}/certificates`, {});
    expect(asked.status).toBe(202);
    const done = await readyFor(asked.body.certificateNumber);
    const pdf = (await as(custodianOf(UNIT)).get(`/evidence/certificates/${done.certificateNumber}/pdf`)).body as Buffer;
    writeFileSync(join(dir, 'seal-certificate.pdf'), pdf);
    const text = squeeze(execFileSync('pdftotext', [join(dir, 'seal-certificate.pdf'), '-'], { encoding: 'utf8' }));
    const history = await world.ledger.getSealHistory(seal.sealCode);
    expect(text).toContain('电子印章存证证书');
    expect(text).toContain(seal.sealCode);
    expect(text).toContain('签发');
    expect(text).toContain(history.at(-1)!.txId);
  });
});

/**
 * The DER value at the start of /Contents, cut by its own length: the rest is zero padding. Trimming
 * trailing zero bytes instead would also cut a signature whose DER happens to end in 0x00.
 */
function firstDerValue(bytes: Buffer): Buffer {
  const first = bytes[1]!;
  const lengthBytes = first < 0x80 ? 0 : first & 0x7f;
  let length = first < 0x80 ? first : 0;
  for (let i = 0; i < lengthBytes; i++) length = length * 256 + bytes[2 + i]!;
  return bytes.subarray(0, 2 + lengthBytes + length);
}
