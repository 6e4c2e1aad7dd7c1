import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../server/src/cli';
import type { CliIo } from '../../server/src/cli/cli-command';
import { createLedgerClient, type LedgerClient } from '../../server/src/ledger';
import { suiteDatabaseUri, testRedisUrl } from '../support/env';
import { request, startHarness, tokenFor, type SecureHarness } from './support';

/**
 * Audit anchoring as npm start wires it: the security feature anchors on the server's ledger (here the
 * embedded one, held open and locked as the running server holds it), and both GET /audit/verify and
 * `seal audit verify` (reading the ledger read-only beside the lock) check the chain against it.
 */
let h: SecureHarness;
let ledger: LedgerClient;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'eseal-audit-ledger-'));
  ledger = await createLedgerClient({ ledger: 'embedded', dataDir: join(dataDir, 'ledger'), durable: false });
  h = await startHarness({ ledger });
});
afterAll(async () => {
  await h.close();
  await ledger.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function seal(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    cwd: dataDir,
    env: { MONGODB_URI: suiteDatabaseUri(), REDIS_URL: testRedisUrl(), SERVER_KEK: '42'.repeat(32), DATA_DIR: dataDir },
  };
  const code = await runCli(argv, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const auditor = () => `Bearer ${tokenFor(h, 'AUDITOR')}`;

describe('audit log anchored on the ledger', () => {
  it('anchors on the ledger, and the API and the CLI verify against it, naming a tampered entry', async () => {
    await request(h.app).get('/api/v1/audit/verify'); // an audited denial, so the chain is not empty
    await h.security.auditLog.flush();
    const anchored = await request(h.app).post('/api/v1/audit/anchors').set('Authorization', auditor());
    expect(anchored.body).toMatchObject({ anchored: true, sink: 'ledger', transactionId: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await ledger.getAuditAnchor(anchored.body.toSeq)).headHash).toBe(anchored.body.headHash);

    const api = await request(h.app).get('/api/v1/audit/verify').set('Authorization', auditor());
    expect(api.body).toMatchObject({ valid: true, anchorSource: 'ledger', anchorsChecked: 1 });
    await h.security.auditLog.flush();
    const cli = await seal(['audit', 'verify', '--json']);
    expect([cli.code, cli.stderr]).toEqual([0, '']);
    expect(JSON.parse(cli.stdout)).toMatchObject({ valid: true, anchorSource: 'ledger', anchorsChecked: 1 });

    const records = h.mongo.connection.collection('audit');
    const first = await records.findOne({ seq: 1 });
    await records.updateOne({ seq: 1 }, { $set: { action: 'nothing.happened' } });
    const broken = await seal(['audit', 'verify']);
    expect([broken.code, broken.stdout]).toEqual([1, expect.stringContaining('BROKEN at entry 1: HASH_MISMATCH')]);
    expect(broken.stdout).toContain('from the ledger');
    const apiBroken = await request(h.app).get('/api/v1/audit/verify').set('Authorization', auditor());
    expect(apiBroken.body).toMatchObject({ valid: false, firstBreak: { seq: 1, reason: 'HASH_MISMATCH' } });
    await records.updateOne({ seq: 1 }, { $set: { action: first!.action } });
  });

  it('still detects a cut-off log when the local anchor records are removed too', async () => {
    await h.security.auditLog.flush();
    const anchored = await request(h.app).post('/api/v1/audit/anchors').set('Authorization', auditor());
    const toSeq: number = anchored.body.anchored ? anchored.body.toSeq : (await ledger.getAuditAnchors({ latest: 1 })).anchors[0]!.toSeq;
    // The trail records a request after its response: let the anchoring request's own entry land first.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await h.security.auditLog.flush();
    const records = h.mongo.connection.collection('audit');
    const tail = await records.find({ seq: { $gte: toSeq } }).toArray();
    await records.deleteMany({ seq: { $gte: toSeq } });
    await h.mongo.connection.collection('audit_anchors').deleteMany({});
    expect((await seal(['audit', 'verify', '--no-ledger'])).code).toBe(0); // the database alone is fooled
    const broken = await seal(['audit', 'verify']);
    expect([broken.code, broken.stdout]).toEqual([1, expect.stringContaining(`BROKEN at entry ${toSeq}: TRUNCATED`)]);
    await records.insertMany(tail);
  });
});
