/**
 * A client that lost its connection repeats POST /sign with the same Idempotency-Key. Found by the
 * soak run (test/soak/): after a SIGKILL of the service, such retries waited 2 minutes on a key its
 * dead request still held, and were then refused APPROVAL_USED because the dead request had taken
 * the approval, while the signature it had stored was never delivered. Here the dead request's
 * traces are laid down as a crash leaves them, and the retry must be served promptly and once.
 * The same run found a use request left "being decided" for good by an approval that died between
 * its claim and its write.
 */
import { SealError } from '@eseal/core';
import type { SigningRecordDoc } from '../../server/src/store/signing';
import { consumeApproval } from '../../server/src/usecases/signing/approval';
import { IDEMPOTENCY_STALE_MS, requestFingerprint, withIdempotency } from '../../server/src/usecases/signing/idempotency';
import { storeSignature } from '../../server/src/usecases/signing';
import { documentSigningWork } from '../../server/src/api/signing/document-signing-work';
import { approvedUse, as, pdfOf, signBody } from './support/api';
import { approver, custodian, createSigningWorld, samplePdf, sm3Hex, type SigningWorld, type TestSeal } from './support/signing-world';

const UNIT = 'unit_retry_crash';
const CUSTODIAN = 'person_retry_keeper';
const keeper = custodian(UNIT, CUSTODIAN);
const boss = approver(UNIT);

let world: SigningWorld;
let seal: TestSeal;
beforeAll(async () => {
  world = await createSigningWorld();
  seal = await world.addSeal({ unitId: UNIT, kind: 'CONTRACT', actingPersonId: CUSTODIAN });
});
afterAll(async () => world?.close());

/** A request under `key` as the sign route sees it. */
async function newRequest(label: string, key: string) {
  const pdf = await samplePdf(label);
  const approvalId = await approvedUse(world, keeper, boss, seal, pdf);
  const body = signBody(seal, pdf, { approvalId });
  const { pin: _pin, ...withoutPin } = body;
  const scope = { callerId: keeper.id, key, fingerprint: requestFingerprint(world.deps.fingerprintKey, { op: 'sign', body: withoutPin }) };
  return { pdf, approvalId, body, scope, _id: `${keeper.id}\u0000${key}` };
}

/** What a request that died after taking the approval leaves behind, started `agoMs` ago. */
async function diedAfterTakingApproval(request: Awaited<ReturnType<typeof newRequest>>, agoMs: number) {
  const requestRef = 'a1b2c3d4e5f60718293a4b5c';
  await world.signing.idempotency.create({
    _id: request._id,
    requestSm3: request.scope.fingerprint,
    requestRef,
    startedAt: new Date(Date.now() - agoMs),
  });
  await consumeApproval(world.signing, request.approvalId, {
    sealId: seal.sealId,
    documentSm3: sm3Hex(request.pdf),
    recordId: `sig_${requestRef}`,
    now: new Date(),
  });
  return `sig_${requestRef}`;
}

describe('a sign repeated after the first request died', () => {
  it('waits while the first request may be alive, and starts a new attempt within seconds', async () => {
    const live = await newRequest('retry: alive', 'key-alive');
    await diedAfterTakingApproval(live, 1_000);
    const busy = await as(world, keeper).post('/sign', live.body, { 'Idempotency-Key': 'key-alive' });
    expect([busy.status, busy.body.error.code, busy.body.error.details]).toEqual([409, 'IDEMPOTENCY_CONFLICT', { inProgress: true }]);

    const dead = await newRequest('retry: dead', 'key-dead');
    const recordId = await diedAfterTakingApproval(dead, IDEMPOTENCY_STALE_MS + 1_000);
    const retry = await as(world, keeper).post('/sign', dead.body, { 'Idempotency-Key': 'key-dead' });
    // Signed with the approval the dead request took (it is recognised as this request's own).
    expect(retry.status).toBe(201);
    expect(retry.body.record.id).toBe(recordId);
    expect(await world.signing.records.countDocuments({ approvalId: dead.approvalId })).toBe(1);
    const again = await as(world, keeper).post('/sign', dead.body, { 'Idempotency-Key': 'key-dead' });
    expect(again.body.signedPdf).toBe(retry.body.signedPdf);
  });

  it('gives the answer the first request kept when it died before storing its record, and stores that record once', async () => {
    const request = await newRequest('retry: kept answer', 'key-kept');
    // The first request: signed and kept its answer, then its store went away before the record was written.
    const work = documentSigningWork(world.deps, keeper, request.body);
    const first = withIdempotency(world.deps, request.scope, {
      run: work.run,
      commit: async () => {
        throw new SealError('DEPENDENCY_UNAVAILABLE', 'the record store went away');
      },
    });
    await expect(first).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
    expect(await world.signing.records.countDocuments({ approvalId: request.approvalId })).toBe(0);

    const retry = await as(world, keeper).post('/sign', request.body, { 'Idempotency-Key': 'key-kept' });
    expect(retry.status).toBe(201);
    const stored = (await world.signing.records.findOne({ approvalId: request.approvalId }).lean()) as SigningRecordDoc;
    // The PDF the client gets is the one the stored record describes, and the record's dates survived being kept.
    expect(sm3Hex(pdfOf(retry.body))).toBe(stored.documentSm3After);
    expect(stored.signedAt).toBeInstanceOf(Date);
    expect(await world.signing.records.countDocuments({ approvalId: request.approvalId })).toBe(1);
    expect(await world.signing.anchorPending.countDocuments({ _id: stored._id })).toBe(1);
    // Storing again (a second retry racing the first) changes nothing.
    await storeSignature(world.deps, { record: stored });
    expect(await world.signing.records.countDocuments({ approvalId: request.approvalId })).toBe(1);
    // Once anchored (its outbox row gone), a replay does not put the row back: it would be anchored twice.
    await world.signing.anchorPending.deleteOne({ _id: stored._id });
    const replay = await as(world, keeper).post('/sign', request.body, { 'Idempotency-Key': 'key-kept' });
    expect([replay.status, replay.body.record.id]).toEqual([201, stored._id]);
    expect(await world.signing.anchorPending.countDocuments({ _id: stored._id })).toBe(0);
  });

  it('lets the approver repeat a decision that died between its claim and its write; nobody else', async () => {
    const pdf = await samplePdf('retry: approval');
    const created = await as(world, keeper).post('/seal-use-requests', { sealId: seal.sealId, documentSm3: sm3Hex(pdf), purpose: 'retry' });
    // What the approver's first attempt left when it died: the decision claim, the request still PENDING.
    const died = new Date(Date.now() - IDEMPOTENCY_STALE_MS - 1_000);
    await world.signing.useRequestRepository.claimDecision(created.body.id, `APPROVED by ${boss.id}`, died, IDEMPOTENCY_STALE_MS);
    const other = await as(world, approver(UNIT, 'person_second_approver')).post(`/seal-use-requests/${created.body.id}/approve`, {});
    expect([other.status, other.body.error.code]).toEqual([409, 'INVALID_TRANSITION']);
    const repeated = await as(world, boss).post(`/seal-use-requests/${created.body.id}/approve`, {});
    expect([repeated.status, repeated.body.state]).toEqual([200, 'APPROVED']);
    // Decided is final, for the same approver too.
    const again = await as(world, boss).post(`/seal-use-requests/${created.body.id}/reject`, { note: 'changed my mind' });
    expect([again.status, again.body.error.code]).toEqual([409, 'INVALID_TRANSITION']);
  });

  it('does not let the approver repeat a decision whose first attempt may still be writing it', async () => {
    const pdf = await samplePdf('retry: approval in flight');
    const created = await as(world, keeper).post('/seal-use-requests', {
      sealId: seal.sealId,
      documentSm3: sm3Hex(pdf),
      purpose: 'in flight',
    });
    // The first attempt holds the claim and has not written yet: a second write could land after a signing used the approval.
    await world.signing.useRequestRepository.claimDecision(created.body.id, `APPROVED by ${boss.id}`, new Date(), IDEMPOTENCY_STALE_MS);
    const repeated = await as(world, boss).post(`/seal-use-requests/${created.body.id}/approve`, {});
    expect([repeated.status, repeated.body.error.code, repeated.body.error.details.state]).toEqual([409, 'INVALID_TRANSITION', 'PENDING']);
  });
});
