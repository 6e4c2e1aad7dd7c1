import { randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  unlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { connectSuiteMongoose, suiteDatabaseName, type SuiteMongo } from '../../../test/support/env';
import { AuditLog } from '../audit/audit-log';
import { auditRecordModel, ensureAuditIndexes } from '../audit/audit.model';
import { createLedgerClient, type LedgerClient } from '../ledger';
import { sealArtifactModel } from '../store/seal-artifact.model';
import { sealFixture } from '../ledger/__tests__/support';
import { createBackup } from './create-backup';
import { MANIFEST_CHECKSUM_FILE, MANIFEST_FILE } from './manifest';
import { readVerifiedArchive } from './read-archive';
import { restoreBackup } from './restore-backup';
import { sm3Hex } from '@eseal/core';

const { EJSON } = mongoose.mongo.BSON;

let source: SuiteMongo;
const targets: SuiteMongo[] = [];
let ledger: LedgerClient;
const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'eseal-backup-test-'));
  dirs.push(dir);
  return dir;
};
let ledgerDir: string;
let archive: string;
let txIds: string[];
/** The KEK the source's seal keys are wrapped with, and the source's CA directory. */
const KEK = randomBytes(32);
let caDir: string;

async function freshTarget(): Promise<SuiteMongo> {
  const target = await connectSuiteMongoose(`${suiteDatabaseName().slice(0, 50)}_t${targets.length}`);
  targets.push(target);
  return target;
}

beforeAll(async () => {
  source = await connectSuiteMongoose();
  ledgerDir = temp();
  ledger = await createLedgerClient({ ledger: 'embedded', dataDir: ledgerDir, durable: false });
  const issued = [await ledger.issueSeal(sealFixture('seal_one')), await ledger.issueSeal(sealFixture('seal_two'))];
  txIds = issued.map((c) => c.transactionId);
  const db = source.connection.db!;
  await db.collection('seals').insertMany([
    {
      _id: 'seal_one' as never,
      unitId: 'unit_A',
      imprintPng: new mongoose.mongo.Binary(Buffer.from([0x89, 0x50, 0x4e, 0x47])),
      createdAt: new Date('2026-01-01T00:00:00Z'),
      revision: 3,
      ledgerOps: [{ opId: 'op1', state: 'DONE', txId: txIds[0] }],
    },
    {
      _id: 'seal_two' as never,
      unitId: 'unit_A',
      ledgerOps: [
        { opId: 'op2', state: 'DONE', txId: txIds[1] },
        { opId: 'op3', state: 'PENDING' },
      ],
      weight: 1.5,
      count: 7,
    },
  ]);
  await db.collection('seals').createIndex({ unitId: 1, status: 1 });
  await db.collection('units').insertOne({ _id: 'unit_A' as never, uscc: '91120000MA05ABCD1X', name: '测试单位' });
  await db.collection('units').createIndex({ uscc: 1 }, { unique: true });
  // Seal data lives in its own collection: it must travel with the seals that name it.
  const artifacts = sealArtifactModel(source.connection);
  await artifacts.createIndexes();
  await artifacts.create({
    _id: 'a'.repeat(64),
    sealId: 'seal_one',
    seseal: Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]),
    imprintPng: Buffer.from([0x89, 0x50]),
    imprintSm3: 'b'.repeat(64),
    createdAt: new Date('2026-01-01T00:00:00Z'),
  });
  await ensureAuditIndexes(source.connection);
  const log = new AuditLog(auditRecordModel(source.connection));
  for (let i = 0; i < 5; i++)
    await log.append({
      action: 'seal.make',
      actor: { id: 'acct_x', role: 'SEAL_MAKER_OPERATOR', ip: '10.0.0.1' },
      result: 'SUCCESS',
      sealId: 'seal_one',
    });
  archive = join(temp(), 'backup');
  caDir = temp();
  writeFileSync(join(caDir, 'development-ca.json'), JSON.stringify({ ca: randomBytes(16).toString('hex') }), { mode: 0o600 });
  writeFileSync(join(caDir, 'maker-identity.json'), JSON.stringify({ keyCipher: randomBytes(16).toString('base64') }), { mode: 0o600 });
  await createBackup({ connection: source.connection, ledgerDir, archiveDir: archive, kek: KEK, caDir });
});

afterAll(async () => {
  await ledger.close();
  await source.cleanup();
  for (const t of targets) await t.cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function dump(connection: mongoose.Connection) {
  const db = connection.db!;
  const out: Record<string, string> = {};
  for (const { name } of await db.listCollections().toArray()) {
    const docs = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
    const indexes = (await db.collection(name).listIndexes().toArray())
      .map((i) => `${i.name}:${JSON.stringify(i.key)}:${i.unique ?? false}`)
      .sort();
    out[name] = `${docs.map((d) => EJSON.stringify(d, { relaxed: false })).join('\n')}|${indexes.join(',')}`;
  }
  return out;
}

/** A copy of the archive to damage. */
function copyArchive(): string {
  const copy = join(temp(), 'copy');
  cpSync(archive, copy, { recursive: true });
  return copy;
}

function rewriteManifest(dir: string, edit: (m: any) => void) {
  const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8'));
  edit(manifest);
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  writeFileSync(join(dir, MANIFEST_FILE), text);
  // The attacker recomputes the checksum too: the manifest's own checks must still hold.
  writeFileSync(join(dir, MANIFEST_CHECKSUM_FILE), `${sm3Hex(text)}\n`);
}

describe('backup and restore (第二十六条)', () => {
  it('writes a manifest with per-file SM3, itself checksummed', async () => {
    const manifest = await readVerifiedArchive(archive);
    expect(manifest.collections.map((c) => c.collection)).toEqual(expect.arrayContaining(['audit', 'seal_artifacts', 'seals', 'units']));
    expect(manifest.ledger).toMatchObject({ height: 2 });
    expect(readFileSync(join(archive, MANIFEST_CHECKSUM_FILE), 'utf8').trim()).toBe(sm3Hex(readFileSync(join(archive, MANIFEST_FILE))));
  });

  it('rebuilds an identical instance and verifies it against the ledger', async () => {
    const target = await freshTarget();
    const restoredLedger = join(temp(), 'ledger');
    const report = await restoreBackup({
      archiveDir: archive,
      connection: target.connection,
      ledgerDir: restoredLedger,
      kek: KEK,
      caDir: join(temp(), 'ca'),
    });
    expect(report.verification).toMatchObject({
      ok: true,
      txIdsChecked: 2,
      missingTxIds: [],
      ledger: { height: 2, matchesManifest: true },
      auditChain: { valid: true, entries: 5 },
    });
    expect(report.collections).toMatchObject({ seals: 2, seal_artifacts: 1, units: 1, audit: 5 });
    expect(await dump(target.connection)).toEqual(await dump(source.connection));
    const reopened = await createLedgerClient({ ledger: 'embedded', dataDir: restoredLedger, durable: false });
    try {
      expect((await reopened.getSeal('seal_two')).sealId).toBe('seal_two');
    } finally {
      await reopened.close();
    }
  });

  it('carries the CA and maker identity, and says nothing of the KEK but its check value', async () => {
    const manifest = await readVerifiedArchive(archive);
    expect(manifest.identity?.map((f) => f.path)).toEqual(['identity/development-ca.json', 'identity/maker-identity.json']);
    expect(manifest.kekCheck).toMatch(/^[0-9a-f]{64}$/);
    const kekHex = KEK.toString('hex');
    for (const name of readdirSync(archive, { recursive: true }) as string[]) {
      const path = join(archive, name);
      if (existsSync(path) && !statSync(path).isDirectory()) expect(readFileSync(path, 'utf8')).not.toContain(kekHex);
    }
    const target = await freshTarget();
    const restoredCa = join(temp(), 'ca');
    await restoreBackup({ archiveDir: archive, connection: target.connection, ledgerDir: join(temp(), 'l'), kek: KEK, caDir: restoredCa });
    for (const name of ['development-ca.json', 'maker-identity.json'])
      expect(readFileSync(join(restoredCa, name), 'utf8')).toBe(readFileSync(join(caDir, name), 'utf8'));
  });

  it('refuses another KEK than the one that wrapped the archived keys, before writing anything', async () => {
    const target = await freshTarget();
    const restoredLedger = join(temp(), 'l');
    await expect(
      restoreBackup({
        archiveDir: archive,
        connection: target.connection,
        ledgerDir: restoredLedger,
        kek: randomBytes(32),
        caDir: join(temp(), 'ca'),
      }),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID', details: { variable: 'SERVER_KEK' } });
    expect(await target.connection.db!.listCollections().toArray()).toEqual([]);
    expect(existsSync(restoredLedger)).toBe(false);
  });

  it('refuses a CA directory that already holds files', async () => {
    const occupied = temp();
    mkdirSync(occupied, { recursive: true });
    writeFileSync(join(occupied, 'development-ca.json'), '{}');
    await expect(
      restoreBackup({
        archiveDir: archive,
        connection: (await freshTarget()).connection,
        ledgerDir: join(temp(), 'l'),
        kek: KEK,
        caDir: occupied,
      }),
    ).rejects.toMatchObject({ code: 'RESTORE_TARGET_NOT_EMPTY' });
  });

  it('refuses to restore over existing data', async () => {
    const target = await freshTarget();
    await target.connection.db!.collection('units').insertOne({ _id: 'other' as never });
    await expect(
      restoreBackup({
        archiveDir: archive,
        connection: target.connection,
        ledgerDir: join(temp(), 'l'),
        kek: KEK,
        caDir: join(temp(), 'ca'),
      }),
    ).rejects.toMatchObject({ code: 'RESTORE_TARGET_NOT_EMPTY' });
  });

  it('reports records that cite a transaction the ledger does not hold', async () => {
    const dir = copyArchive();
    const file = join(dir, 'records', 'seals.ejson');
    const text = readFileSync(file, 'utf8').replace(txIds[1], 'f'.repeat(64));
    writeFileSync(file, text);
    rewriteManifest(dir, (m) => {
      const entry = m.collections.find((c: any) => c.collection === 'seals');
      entry.sm3 = sm3Hex(text);
      entry.bytes = Buffer.byteLength(text);
    });
    const report = await restoreBackup({
      archiveDir: dir,
      connection: (await freshTarget()).connection,
      ledgerDir: join(temp(), 'l'),
      kek: KEK,
      caDir: join(temp(), 'ca'),
    });
    expect(report.verification).toMatchObject({ ok: false, missingTxIds: ['f'.repeat(64)] });
  });

  describe('refuses a corrupt archive with BACKUP_CORRUPT, before writing anything', () => {
    async function expectCorrupt(dir: string, file: string) {
      const target = await freshTarget();
      await expect(
        restoreBackup({
          archiveDir: dir,
          connection: target.connection,
          ledgerDir: join(temp(), 'l'),
          kek: KEK,
          caDir: join(temp(), 'ca'),
        }),
      ).rejects.toMatchObject({ code: 'BACKUP_CORRUPT', details: expect.objectContaining({ file }) });
      expect(await target.connection.db!.listCollections().toArray()).toEqual([]);
    }

    it('a changed byte in a record file', async () => {
      const dir = copyArchive();
      const file = join(dir, 'records', 'units.ejson');
      writeFileSync(file, readFileSync(file, 'utf8').replace('测试单位', '伪造单位'));
      await expectCorrupt(dir, 'records/units.ejson');
    });

    it('a changed block in the ledger file', async () => {
      const dir = copyArchive();
      const file = join(dir, 'ledger', 'blocks.jsonl');
      writeFileSync(file, readFileSync(file, 'utf8').replace('seal_two', 'seal_tw0'));
      await expectCorrupt(dir, 'ledger/blocks.jsonl');
    });

    it('an edited manifest', async () => {
      const dir = copyArchive();
      writeFileSync(join(dir, MANIFEST_FILE), readFileSync(join(dir, MANIFEST_FILE), 'utf8').replace('"documents": 1', '"documents": 2'));
      await expectCorrupt(dir, MANIFEST_FILE);
    });

    it.each(['../../../../etc/passwd', '/etc/passwd', 'records/../../x.ejson', 'records/sub/dir.ejson'])(
      'a path-traversing file name %p, even with a recomputed checksum',
      async (path) => {
        const dir = copyArchive();
        rewriteManifest(dir, (m) => (m.collections[0].path = path));
        await expectCorrupt(dir, MANIFEST_FILE);
      },
    );

    it('a member replaced by a symbolic link out of the archive', async () => {
      const dir = copyArchive();
      const outside = join(temp(), 'outside.ejson');
      writeFileSync(outside, readFileSync(join(dir, 'records', 'units.ejson')));
      unlinkSync(join(dir, 'records', 'units.ejson'));
      symlinkSync(outside, join(dir, 'records', 'units.ejson'));
      await expectCorrupt(dir, 'records/units.ejson');
    });

    it('a missing file', async () => {
      const dir = copyArchive();
      unlinkSync(join(dir, 'records', 'seals.ejson'));
      await expectCorrupt(dir, 'records/seals.ejson');
    });
  });
});
