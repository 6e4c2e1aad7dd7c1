/**
 * TEST-ONLY: a real signing stack on the suite's own database and a throwaway embedded ledger: a CA,
 * a seal maker, seals made with real SM2 keys and certificates, wrapped keys, custodians, and the
 * seals issued on the ledger. Authentication is a test CallerSource that reads the caller from a
 * header (the real authenticator is built elsewhere); the production route guard does the rest.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalSm2Signer, Sm2PrivateKey, makeSeal, sealTrustFromX509, sm3Hex, timeStampTrustFromX509 } from '@eseal/core';
import type { Express } from 'express';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { sealImprint } from '../../../core/src/pdf/__tests__/helpers';
import { crlOf, issueUnder, makeRoot, type TestCa } from '../../../core/src/x509/__tests__/pki-fixture';
import type { Caller } from '../../../server/src/access';
import { signingApi } from '../../../server/src/api/signing';
import { createApp } from '../../../server/src/app';
import { securityGuard } from '../../../server/src/http/security/route-guard';
import { createLedgerClient, type LedgerClient } from '../../../server/src/ledger';
import { createLogger } from '../../../server/src/observability/logger';
import { createStore, ensureIndexes, newId, type Store } from '../../../server/src/store';
import { createSigningStore, ensureSigningIndexes, type SigningStore } from '../../../server/src/store/signing';
import { KeyVault } from '../../../server/src/usecases/seals/key-vault';
import {
  DEFAULT_SIGNING_SETTINGS,
  SealMaterialCache,
  UnlockedKeyCache,
  recordsAnchorLocator,
  verificationLedgerOf,
  type SigningDeps,
  type SigningSettings,
} from '../../../server/src/usecases/signing';
import type { TimeStamping } from '../../../server/src/usecases/signing/time-stamping';
import { connectSuiteMongoose, type SuiteMongo } from '../../support/env';

export const CALLER_HEADER = 'x-test-caller';
const DAY = 24 * 60 * 60 * 1000;

export interface TestSeal {
  sealId: string;
  sealCode: string;
  unitId: string;
  pin: string;
}

export interface SigningWorld {
  mongo: SuiteMongo;
  store: Store;
  signing: SigningStore;
  ledger: LedgerClient;
  ledgerDir: string;
  root: TestCa;
  deps: SigningDeps;
  app: Express;
  /** Moves the signing use cases' clock forward (approval expiry). */
  advanceClock(ms: number): void;
  addSeal(options: {
    unitId: string;
    kind: 'CONTRACT' | 'FINANCE' | 'LEGAL_REPRESENTATIVE';
    actingPersonId: string;
    pin?: string;
  }): Promise<TestSeal>;
  close(): Promise<void>;
}

export interface SigningWorldOptions {
  /** The CA every certificate chains to (a TSA certified beforehand needs it); a new one by default. */
  root?: TestCa;
  /** The time-stamp authority signings use; none by default. */
  timeStamping?: TimeStamping;
}

export async function createSigningWorld(
  settings: Partial<SigningSettings> = {},
  options: SigningWorldOptions = {},
): Promise<SigningWorld> {
  const mongo = await connectSuiteMongoose();
  const store = createStore(mongo.connection);
  const signing = createSigningStore(mongo.connection);
  await ensureIndexes(store);
  await ensureSigningIndexes(signing);
  const ledgerDir = mkdtempSync(join(tmpdir(), 'eseal-signing-ledger-'));
  const ledger = await createLedgerClient({ ledger: 'embedded', dataDir: ledgerDir, durable: false });
  const root = options.root ?? (await makeRoot());
  const crl = await crlOf(root);
  const now = Date.now();
  const maker = await issueUnder(
    root,
    { country: 'CN', organization: '测试制作机构', commonName: 'Seal maker' },
    { notBefore: new Date(now - 30 * DAY), notAfter: new Date(now + 400 * DAY) },
  );
  // Fast scrypt: the PIN logic is under test, not the KDF cost.
  const clockOffset = { ms: 0 };
  const keyVault = new KeyVault(randomBytes(32), { log2N: 10, r: 8, p: 1 });
  const deps: SigningDeps = {
    store,
    signing,
    keyVault,
    fingerprintKey: randomBytes(32),
    trust: sealTrustFromX509({
      trustAnchors: [root.cert],
      crls: [crl],
      verifyTimeStampToken: timeStampTrustFromX509({ trustAnchors: [root.cert], crls: [crl] }),
    }),
    ledger: verificationLedgerOf(ledger, recordsAnchorLocator(signing)),
    settings: { ...DEFAULT_SIGNING_SETTINGS, pinFailureLimit: 3, ...settings },
    clock: () => new Date(Date.now() + clockOffset.ms),
    unlockedKeys: new UnlockedKeyCache(),
    sealMaterial: new SealMaterialCache(),
    ...(options.timeStamping ? { timeStamping: options.timeStamping } : {}),
  };
  const app = createApp({
    logger: createLogger({ level: 'silent' }),
    bodyLimitBytes: 40 * 1024 * 1024,
    probes: [],
    apiModules: [signingApi(deps)],
    routeGuard: securityGuard({ authenticate: async (req) => readTestCaller(req.header(CALLER_HEADER)) }),
  });

  async function addSeal(options: {
    unitId: string;
    kind: 'CONTRACT' | 'FINANCE' | 'LEGAL_REPRESENTATIVE';
    actingPersonId: string;
    pin?: string;
  }): Promise<TestSeal> {
    const pin = options.pin ?? '123456';
    const official = options.kind !== 'LEGAL_REPRESENTATIVE';
    const sealId = newId('seal');
    const keyId = newId('key');
    const sealCode = String(randomInt(1_000_000_000_000, 9_000_000_000_000));
    const key = Sm2PrivateKey.generate();
    const validStart = new Date(now - DAY);
    const validEnd = new Date(now + 300 * DAY);
    const holder = await issueUnder(
      root,
      { country: 'CN', organization: options.unitId, commonName: `${options.kind} seal` },
      { key, notBefore: validStart, notAfter: validEnd },
    );
    const png = sealImprint(60);
    const seseal = await makeSeal({
      esID: sealCode,
      vid: 'eseal-test',
      type: official ? 1 : 2,
      name: official ? '测试合同专用章' : '法定代表人名章',
      certs: [holder.cert.der],
      createDate: validStart,
      validStart,
      validEnd,
      picture: { type: 'PNG', data: png, width: 40, height: 40 },
      makerCert: maker.cert.der,
      makerSigner: new LocalSm2Signer(maker.key),
    });
    const certSm3 = sm3Hex(holder.cert.der);
    await store.models.sealKeys.create({
      _id: keyId,
      sealId,
      wrapped: Buffer.from(await keyVault.wrap(key, pin, keyId)),
      publicKeyHex: 'test',
    });
    await store.models.certificates.create({
      _id: holder.cert.serialHex,
      sealId,
      unitId: options.unitId,
      der: Buffer.from(holder.cert.der),
      sm3: certSm3,
      notBefore: validStart,
      notAfter: validEnd,
      status: 'VALID',
    });
    await store.sealArtifacts.save({ sealId, seseal, imprintPng: png, createdAt: validStart });
    await store.models.sealCodes.create({ _id: sealCode, sealId });
    await store.models.seals.create({
      _id: sealId,
      unitId: options.unitId,
      applicationId: newId('app'),
      kind: options.kind,
      status: 'ACTIVE',
      sealCode,
      esId: sealCode,
      displayName: `${options.kind} seal`,
      sealName: options.kind,
      keyId,
      certificate: { serial: holder.cert.serialHex, sm3: certSm3, notBefore: validStart.toISOString(), notAfter: validEnd.toISOString() },
      imprintSm3: sm3Hex(png),
      imprintWidthMm: 40,
      imprintHeightMm: 40,
      imprintSource: 'RENDERED',
      sesealSm3: sm3Hex(seseal),
      legalNameSlot: sealId,
      ledgerOps: [],
      filings: [],
      revision: 0,
      ...(official ? {} : { holderPersonId: options.actingPersonId }),
    });
    if (official)
      await store.models.custodians.create({
        _id: `cust_${randomBytes(8).toString('hex')}`,
        sealId,
        unitId: options.unitId,
        personId: options.actingPersonId,
        from: validStart,
      });
    await ledger.issueSeal({
      sealId: sealCode,
      unitId: sm3Hex(Buffer.from(options.unitId)),
      kind: options.kind,
      imprintSm3: sm3Hex(png),
      certSerial: holder.cert.serialHex,
      certSm3,
      sesealSm3: sm3Hex(seseal),
      validFrom: validStart.toISOString(),
      validTo: validEnd.toISOString(),
    });
    return { sealId, sealCode, unitId: options.unitId, pin };
  }

  return {
    mongo,
    store,
    signing,
    ledger,
    ledgerDir,
    root,
    deps,
    app,
    addSeal,
    advanceClock: (ms: number) => {
      clockOffset.ms += ms;
    },
    async close() {
      await ledger.close().catch(() => undefined); // a test may have closed it to hand the files to the CLI
      rmSync(ledgerDir, { recursive: true, force: true });
      await mongo.cleanup();
    },
  };
}

function readTestCaller(header: string | undefined): { caller: Caller } | undefined {
  if (!header) return undefined;
  return { caller: JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as Caller };
}

export function callerHeader(caller: Caller): string {
  return Buffer.from(JSON.stringify(caller)).toString('base64');
}

export const custodian = (unitId: string, personId: string): Caller => ({
  id: `acct_${personId}`,
  kind: 'person',
  roles: ['SEAL_CUSTODIAN'],
  unitId,
  personId,
});
export const approver = (unitId: string, personId = 'person_approver'): Caller => ({
  id: `acct_${personId}`,
  kind: 'person',
  roles: ['APPROVER'],
  unitId,
  personId,
});
export const holder = (unitId: string, personId: string): Caller => ({
  id: `acct_${personId}`,
  kind: 'person',
  roles: ['POSITION_SEAL_HOLDER'],
  unitId,
  personId,
});
export const apiClient = (unitId: string): Caller => ({
  id: `key_${unitId}`,
  kind: 'api-client',
  roles: ['API_CLIENT'],
  clientClass: 'STATE_ORGAN',
  unitIds: [unitId],
});
export const auditor = (): Caller => ({ id: 'acct_auditor', kind: 'person', roles: ['AUDITOR'] });

/** A small real PDF whose bytes (and so SM3) differ per `label`. */
export async function samplePdf(label: string, pages = 2): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) doc.addPage([595.28, 841.89]).drawText(`${label} page ${i + 1}`, { x: 50, y: 780, size: 14, font });
  return doc.save({ useObjectStreams: false });
}

export { sm3Hex };
