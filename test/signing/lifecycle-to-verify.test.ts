/**
 * End to end over the real composition root: a seal made through the lifecycle API (development CA,
 * maker identity, key wrapped under the custodian's PIN, issued on the embedded ledger), then used,
 * verified, anchored and revoked through the signing API.
 */
import request from 'supertest';
import type { Caller } from '../../server/src/access';
import pino from 'pino';
import { readAnchorStatus } from '../../server/src/store/signing';
import { anchorProcessor } from '../../worker/src/anchor';
import { startWorker, type RunningWorker } from '../../worker/src/start-worker';
import { eventually, startHarness, type Harness } from '../lifecycle/support/harness';
import { api } from '../lifecycle/api-helpers';
import { MAKER, callerHeader } from '../lifecycle/support/test-caller-guard';
import { person, revocationMaterials } from '../lifecycle/support/fixtures';
import { samplePdf, sm3Hex } from './support/signing-world';

let h: Harness;
let http: ReturnType<typeof api>;
let anchorWorker: RunningWorker;

beforeAll(async () => {
  h = await startHarness({ pinKdf: { log2N: 10, r: 8, p: 1 } });
  http = api(h.app);
  anchorWorker = await startWorker(
    { redisUrl: h.config.redisUrl, queuePrefix: h.config.queuePrefix },
    { processors: [anchorProcessor(h.services.signing.anchorPorts)], logger: pino({ level: 'silent' }) },
  );
}, 60_000);
afterAll(async () => {
  await anchorWorker?.close();
  await h?.close();
});

const post = (caller: Caller, path: string, body: unknown, headers: Record<string, string> = {}) =>
  request(h.app)
    .post(`/api/v1${path}`)
    .set(callerHeader(caller))
    .set(headers)
    .send(body as object);
const verify = (pdf: Uint8Array) =>
  request(h.app)
    .post('/api/v1/verify')
    .set(callerHeader({ id: 'auditor', kind: 'person', roles: ['AUDITOR'] }))
    .set('content-type', 'application/pdf')
    .send(Buffer.from(pdf));

describe('a seal from the lifecycle API, used by the signing API', () => {
  it('signs with approval, verifies against the development CA and the ledger, anchors, and stops at revocation', async () => {
    const unit = await http.registerUnit();
    const made = await http.makeSeal(unit.unitId, 'CONTRACT', { pin: '135790' });
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
    expect((await post(keeper, `/seals/${made.sealId}/pin`, { currentPin: '135790', newPin: '246800' })).status).toBe(200);

    const pdf = await samplePdf('lifecycle contract');
    const use = await post(keeper, '/seal-use-requests', { sealId: made.sealId, documentSm3: sm3Hex(pdf), purpose: 'supply contract' });
    expect(use.status).toBe(201);
    expect((await post(boss, `/seal-use-requests/${use.body.id}/approve`, {})).status).toBe(200);
    const signed = await post(keeper, '/sign', {
      sealId: made.sealId,
      pin: '246800',
      approvalId: use.body.id,
      document: Buffer.from(pdf).toString('base64'),
      placement: { page: 1, xMm: 30, yMm: 40, corner: 'top-left' },
    });
    expect(signed.status).toBe(201);
    const signedPdf = new Uint8Array(Buffer.from(signed.body.signedPdf, 'base64'));

    const report = await verify(signedPdf);
    expect(report.body.signatures[0].checks.filter((c: { status: string }) => c.status === 'fail')).toEqual([]);
    expect(report.body).toMatchObject({ valid: true, signatures: [{ esID: made.sealCode, sealId: made.sealId }] });

    // The signing nudged the anchor queue; the worker's anchor processor takes it from there.
    const recordId: string = signed.body.record.id;
    await eventually(async () =>
      (await readAnchorStatus(h.services.signing.deps.signing, [recordId])).get(recordId)?.state === 'ANCHORED' ? true : undefined,
    );
    const anchored = await verify(signedPdf);
    expect(anchored.body.signatures[0].checks.find((c: { id: string }) => c.id === 'ledger.anchor')).toMatchObject({ status: 'pass' });

    // Custody handover re-wraps the key under the new PIN: the old custodian and the old PIN stop working
    // at once, even though this process has just used (and cached) the key.
    const handover = await http.post(MAKER, `/seals/${made.sealId}/custodian`, {
      custodian: person('钱七'),
      currentPin: '246800',
      newPin: '864200',
    });
    expect(handover.status).toBe(200);
    const successor = await h.services.store.models.custodians.findOne({ sealId: made.sealId, to: null }).lean();
    const newKeeper: Caller = { ...keeper, id: 'acct-new-keeper', personId: successor!.personId };
    const signAs = async (caller: Caller, pin: string, label: string) => {
      const doc = await samplePdf(label);
      const approval = await post(caller, '/seal-use-requests', {
        sealId: made.sealId,
        documentSm3: sm3Hex(doc),
        purpose: 'after handover',
      });
      await post(boss, `/seal-use-requests/${approval.body.id}/approve`, {});
      return post(caller, '/sign', {
        sealId: made.sealId,
        pin,
        approvalId: approval.body.id,
        document: Buffer.from(doc).toString('base64'),
        placement: { page: 1, xMm: 30, yMm: 40 },
      });
    };
    expect((await signAs(keeper, '246800', 'old keeper')).body.error.code).toBe('NOT_AUTHORISED_FOR_SEAL');
    // The PIN typed at the handover is one-time too: the new custodian replaces it first.
    expect((await signAs(newKeeper, '864200', 'handover pin')).body.error.code).toBe('PIN_CHANGE_REQUIRED');
    expect((await post(newKeeper, `/seals/${made.sealId}/pin`, { currentPin: '864200', newPin: '864211' })).status).toBe(200);
    expect((await signAs(newKeeper, '246800', 'old pin')).body.error.code).toBe('WRONG_PIN');
    expect((await signAs(newKeeper, '864211', 'new pin')).status).toBe(201);

    const revoked = await http.post(MAKER, `/seals/${made.sealId}/revoke`, {
      reason: 'ESEAL_RETIRED',
      materials: revocationMaterials('RETIREMENT_DECISION'),
    });
    expect(revoked.status).toBe(200);
    const after = await samplePdf('after revocation');
    const refused = await post(newKeeper, '/sign', {
      sealId: made.sealId,
      pin: '864211',
      approvalId: use.body.id,
      document: Buffer.from(after).toString('base64'),
      placement: { page: 1, xMm: 30, yMm: 40 },
    });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'SEAL_REVOKED']);
    // Signed before the revocation: still valid, and the report says the seal was revoked later.
    const later = await verify(signedPdf);
    expect(later.body.valid).toBe(true);
    expect(later.body.signatures[0].checks.find((c: { id: string }) => c.id === 'signature.seal-ledger-status').message).toMatch(
      /revoked later/,
    );
  });
});
