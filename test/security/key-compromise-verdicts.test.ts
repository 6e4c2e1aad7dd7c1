/**
 * One verdict for the same file, API and CLI. A seal's key leaks; its holder reports the compromise
 * time and the seal is revoked for KEY_LEAKED a while later. A document signed between the two is
 * not the holder's: the API and `seal verify` must both call it INVALID (the CLI reads the same
 * revocation facts: the ledger's compromise time and the CA's CRL). A document signed and anchored
 * before the compromise stays valid in both.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { developmentCaStateFromJson, toPem } from '@eseal/core';
import type { Caller } from '../../server/src/access';
import type { CliIo } from '../../server/src/cli/cli-command';
import { runCli } from '../../server/src/cli/run-cli';
import { runAnchoring } from '../../worker/src/anchor';
import { api } from '../lifecycle/api-helpers';
import { revocationMaterials } from '../lifecycle/support/fixtures';
import { eventually, startHarness, type Harness } from '../lifecycle/support/harness';
import { MAKER, callerHeader } from '../lifecycle/support/test-caller-guard';
import { samplePdf, sm3Hex } from '../signing/support/signing-world';

let h: Harness;
beforeAll(async () => {
  // The CA is kept in its file under the data folder, as a deployment has it, so the CLI can read its CRL.
  h = await startHarness({ pinKdf: { log2N: 10, r: 8, p: 1 }, ephemeralCa: false });
}, 60_000);
afterAll(async () => {
  await h?.close();
});

const AUDITOR: Caller = { id: 'auditor', kind: 'person', roles: ['AUDITOR'] };
const post = (caller: Caller, path: string, body: unknown) =>
  request(h.app)
    .post(`/api/v1${path}`)
    .set(callerHeader(caller))
    .send(body as object);
const verifyByApi = async (pdf: Uint8Array) =>
  (await request(h.app).post('/api/v1/verify').set(callerHeader(AUDITOR)).set('content-type', 'application/pdf').send(Buffer.from(pdf)))
    .body;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function verifyByCli(pdf: Uint8Array, extra: string[] = []): Promise<{ code: number; report: Record<string, any>; stderr: string }> {
  const file = join(h.config.dataDir, `doc-${Date.now()}-${Math.random().toString(16).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    cwd: '.',
    env: { DATA_DIR: h.config.dataDir, LEDGER: 'embedded', LEDGER_DATA_DIR: join(h.config.dataDir, 'ledger'), LEDGER_DURABLE: 'false' },
  };
  const code = await runCli(['verify', file, '--json', ...extra], io);
  return { code, report: JSON.parse(out.join('') || '{}'), stderr: err.join('') };
}

const check = (report: Record<string, any>, id: string) => report.signatures[0].checks.find((c: { id: string }) => c.id === id);

describe('a key reported compromised before its revocation', () => {
  it('gives the API and the CLI the same verdicts, before and after the compromise time', async () => {
    const http = api(h.app);
    const unit = await http.registerUnit();
    const made = await http.makeSeal(unit.unitId, 'CONTRACT', { pin: '246813' });
    // A seal is used once public security acknowledged its filing.
    const filing = made.filings[0];
    await h.services.filingPorts.store.markAcknowledged(filing.filingId, {
      ackId: `ack-${filing.filingId}`,
      filedAt: new Date().toISOString(),
    });
    const custody = await h.services.store.models.custodians.findOne({ sealId: made.sealId }).lean();
    const keeper: Caller = {
      id: 'acct-keeper',
      kind: 'person',
      roles: ['SEAL_CUSTODIAN'],
      unitId: unit.unitId,
      personId: custody!.personId,
    };
    const boss: Caller = { id: 'acct-boss', kind: 'person', roles: ['APPROVER'], unitId: unit.unitId, personId: 'person_boss' };
    // The maker's PIN is one-time: the custodian sets their own before the first signing.
    expect((await post(keeper, `/seals/${made.sealId}/pin`, { currentPin: '246813', newPin: '246814' })).status).toBe(200);
    const sign = async (label: string) => {
      const pdf = await samplePdf(label);
      const use = await post(keeper, '/seal-use-requests', { sealId: made.sealId, documentSm3: sm3Hex(pdf), purpose: label });
      expect((await post(boss, `/seal-use-requests/${use.body.id}/approve`, {})).status).toBe(200);
      const signed = await post(keeper, '/sign', {
        sealId: made.sealId,
        pin: '246814',
        approvalId: use.body.id,
        document: Buffer.from(pdf).toString('base64'),
        placement: { page: 1, xMm: 30, yMm: 40 },
      });
      expect(signed.status).toBe(201);
      return new Uint8Array(Buffer.from(signed.body.signedPdf, 'base64'));
    };

    const before = await sign('signed and anchored before the leak');
    await runAnchoring(h.services.signing.anchorPorts, 100);
    // timeInfo is rounded up to the second and CRLs truncate to it: keep a whole second between the
    // first document's claimed time and the compromise.
    await sleep(2100);
    const compromisedAt = new Date();
    await sleep(20);
    const during = await sign('signed after the reported leak, before the revocation');
    // Anchored before the revocation, but after the compromise: proof of existence that proves nothing here.
    await runAnchoring(h.services.signing.anchorPorts, 100);

    const revoked = await http.post(MAKER, `/seals/${made.sealId}/revoke`, {
      reason: 'KEY_LEAKED',
      materials: revocationMaterials('KEY_LEAK_STATEMENT'),
      reportedCompromiseAt: compromisedAt.toISOString(),
    });
    expect(revoked.status).toBe(200);
    await eventually(async () => ((await h.services.ledger.getSeal(made.esID)).status === 'REVOKED' ? true : undefined));
    const onLedger = await h.services.ledger.getSeal(made.esID);
    expect(onLedger.timeline[onLedger.timeline.length - 1]).toMatchObject({
      status: 'REVOKED',
      compromisedAt: compromisedAt.toISOString(),
    });

    // After the compromise: INVALID through the API, and through the CLI with the CA's CRL.
    const apiDuring = await verifyByApi(during);
    expect(apiDuring).toMatchObject({ verdict: 'INVALID', valid: false });
    const cliDuring = await verifyByCli(during);
    expect(cliDuring.code).toBe(1);
    expect(cliDuring.report.verdict).toBe('INVALID');
    expect(check(cliDuring.report, 'signature.seal-ledger-status')).toMatchObject({ status: 'fail', code: 'SEAL_REVOKED' });
    expect(check(cliDuring.report, 'signature.seal-ledger-status').message).toMatch(/reported compromised/);
    expect(check(cliDuring.report, 'signature.signer-certificate')).toMatchObject({ status: 'fail', code: 'CERT_REVOKED' });

    // Given only the root (no CRL), the ledger's compromise time alone still makes it INVALID, never VALID.
    const caFile = join(h.config.dataDir, 'root.pem');
    writeFileSync(
      caFile,
      toPem(developmentCaStateFromJson(readFileSync(join(h.config.dataDir, 'ca', 'development-ca.json'), 'utf8')).rootCertificateDer),
    );
    const rootOnly = await verifyByCli(during, ['--ca', caFile]);
    expect([rootOnly.code, rootOnly.report.verdict]).toEqual([1, 'INVALID']);

    // Before the compromise, anchored before it: VALID in both.
    expect(await verifyByApi(before)).toMatchObject({ verdict: 'VALID', valid: true });
    const cliBefore = await verifyByCli(before);
    expect([cliBefore.code, cliBefore.report.verdict]).toEqual([0, 'VALID']);
    expect(check(cliBefore.report, 'signature.seal-ledger-status').message).toMatch(/proves the signature existed/);
  }, 60_000);
});
