/**
 * Attempts under one Idempotency-Key that overlap: the first is alive but slow (held here at its
 * time-stamp step, the way a slow TSA or a stalled event loop holds it), the client gave up on it and
 * retries once the key counts as stale. Whatever the retries do — fail after taking the approval, fail
 * on a wrong PIN, succeed — one approval makes one signature, and a retry that succeeds gets the
 * answer every attempt of that key gets.
 */
import type { Caller } from '../../server/src/access';
import { documentSigningWork } from '../../server/src/api/signing/document-signing-work';
import { batchSigningWork } from '../../server/src/api/signing/batch-signing-work';
import {
  IDEMPOTENCY_STALE_MS,
  expireIdempotencyKeys,
  requestFingerprint,
  withIdempotency,
} from '../../server/src/usecases/signing/idempotency';
import { SealError } from '@eseal/core';
import type { SigningRecordDoc } from '../../server/src/store/signing';
import { prepareDocumentSignature, storeSignature, type SignatureWrites, type SigningDeps } from '../../server/src/usecases/signing';
import { approvedUse, as, signBody } from './support/api';
import { approver, custodian, createSigningWorld, samplePdf, type SigningWorld, type TestSeal } from './support/signing-world';

const UNIT = 'unit_retry_races';
const CUSTODIAN = 'person_retry_races_keeper';
const keeper = custodian(UNIT, CUSTODIAN);
const boss = approver(UNIT);

let world: SigningWorld;
let seal: TestSeal;
beforeAll(async () => {
  world = await createSigningWorld();
  seal = await world.addSeal({ unitId: UNIT, kind: 'CONTRACT', actingPersonId: CUSTODIAN });
});
afterAll(async () => world?.close());

/** Deps whose time-stamp step waits for `release()`: the attempt is alive, past its approval, not done. */
function heldAtTimeStamp(): { deps: SigningDeps; reached: Promise<void>; release: () => void } {
  let reached!: () => void;
  let release!: () => void;
  const reachedP = new Promise<void>((r) => (reached = r));
  const gate = new Promise<void>((r) => (release = r));
  const deps: SigningDeps = {
    ...world.deps,
    timeStamping: {
      required: false,
      authority: {
        stamp: async () => {
          reached();
          await gate;
          throw new Error('no time-stamp authority in this test');
        },
      },
    },
  };
  return { deps, reached: reachedP, release };
}

/** Deps whose time-stamping is required and down: an attempt fails after it took the approval. */
function tsaRequiredAndDown(): SigningDeps {
  return {
    ...world.deps,
    timeStamping: {
      required: true,
      authority: {
        stamp: async () => {
          throw new Error('the time-stamp authority is down');
        },
      },
    },
  };
}

function scopeOf(caller: Caller, key: string, op: 'sign' | 'batch', body: { pin: string }) {
  const { pin: _pin, ...withoutPin } = body;
  return { callerId: caller.id, key, fingerprint: requestFingerprint(world.deps.fingerprintKey, { op, body: withoutPin }) };
}

function signAttempt(deps: SigningDeps, key: string, body: ReturnType<typeof signBody>) {
  return withIdempotency(deps, scopeOf(keeper, key, 'sign', body), documentSigningWork(deps, keeper, body));
}

async function recordsOf(approvalId: string) {
  return world.signing.records.countDocuments({ approvalId });
}

describe('overlapping attempts under one Idempotency-Key', () => {
  it('a retry that fails after taking the approval does not give it back while the first attempt signs with it', async () => {
    const pdf = await samplePdf('races: failing retry');
    const approvalId = await approvedUse(world, keeper, boss, seal, pdf);
    const body = signBody(seal, pdf, { approvalId });
    const held = heldAtTimeStamp();
    const first = signAttempt(held.deps, 'races-failing-retry', body);
    await held.reached;
    world.advanceClock(IDEMPOTENCY_STALE_MS + 1_000);

    await expect(signAttempt(tsaRequiredAndDown(), 'races-failing-retry', body)).rejects.toMatchObject({ code: 'TSA_UNAVAILABLE' });
    // Someone else (another key, or none) now tries the same approval: it is still taken.
    const thief = await as(world, keeper).post('/sign', body, { 'Idempotency-Key': 'races-another-key' });
    expect([thief.status, thief.body.error?.code]).toEqual([409, 'APPROVAL_USED']);

    held.release();
    const answer = await first;
    expect(answer.record.approvalId).toBe(approvalId);
    expect(await recordsOf(approvalId)).toBe(1);
  });

  it('a retry with a wrong PIN does not make the next retry a new signing: it gets the one record', async () => {
    const pdf = await samplePdf('races: wrong pin retry');
    const approvalId = await approvedUse(world, keeper, boss, seal, pdf);
    const body = signBody(seal, pdf, { approvalId });
    const held = heldAtTimeStamp();
    const first = signAttempt(held.deps, 'races-wrong-pin', body);
    await held.reached;
    world.advanceClock(IDEMPOTENCY_STALE_MS + 1_000);

    const wrongPin = { ...body, pin: body.pin === '000000' ? '111111' : '000000' };
    await expect(signAttempt(world.deps, 'races-wrong-pin', wrongPin)).rejects.toMatchObject({ code: 'WRONG_PIN' });
    const retry = await signAttempt(world.deps, 'races-wrong-pin', body);
    held.release();
    const firstAnswer = await first;

    expect(firstAnswer.record.id).toBe(retry.record.id);
    expect(firstAnswer.signedPdf).toBe(retry.signedPdf);
    expect(await recordsOf(approvalId)).toBe(1);
  });

  it('a batch retried while its first attempt is alive signs every item once, and both attempts answer alike', async () => {
    const pdfs = [await samplePdf('races: batch 1'), await samplePdf('races: batch 2')];
    const approvals: string[] = [];
    for (const pdf of pdfs) approvals.push(await approvedUse(world, keeper, boss, seal, pdf));
    const body = {
      sealId: seal.sealId,
      pin: seal.pin,
      items: pdfs.map((pdf, i) => ({
        clientRef: `item-${i}`,
        approvalId: approvals[i],
        document: Buffer.from(pdf).toString('base64'),
        placement: { page: 1, xMm: 20, yMm: 20 },
      })),
    };
    const attempt = (deps: SigningDeps) =>
      withIdempotency(deps, scopeOf(keeper, 'races-batch', 'batch', body), batchSigningWork(deps, keeper, body));
    const held = heldAtTimeStamp();
    const first = attempt(held.deps);
    await held.reached;
    world.advanceClock(IDEMPOTENCY_STALE_MS + 1_000);

    const retry = await attempt(world.deps);
    held.release();
    const firstAnswer = await first;

    expect(retry.items.map((i) => i.ok)).toEqual([true, true]);
    expect(firstAnswer).toEqual(retry);
    for (const approvalId of approvals) expect(await recordsOf(approvalId)).toBe(1);
  });

  it('a batch whose items failed for a passing reason under a key gives their approvals back once its answer is kept', async () => {
    const pdfs = [await samplePdf('races: batch tsa down 1'), await samplePdf('races: batch tsa down 2')];
    const approvals: string[] = [];
    for (const pdf of pdfs) approvals.push(await approvedUse(world, keeper, boss, seal, pdf));
    const bodyOf = (clientRef: string) => ({
      sealId: seal.sealId,
      pin: seal.pin,
      items: pdfs.map((pdf, i) => ({
        clientRef: `${clientRef}-${i}`,
        approvalId: approvals[i],
        document: Buffer.from(pdf).toString('base64'),
        placement: { page: 1, xMm: 20, yMm: 20 },
      })),
    });
    const attempt = (deps: SigningDeps, key: string, body: ReturnType<typeof bodyOf>) =>
      withIdempotency(deps, scopeOf(keeper, key, 'batch', body), batchSigningWork(deps, keeper, body));

    const down = await attempt(tsaRequiredAndDown(), 'races-batch-tsa-down', bodyOf('down'));
    expect(down.items.map((i) => (i.ok ? 'ok' : i.error.code))).toEqual(['TSA_UNAVAILABLE', 'TSA_UNAVAILABLE']);
    // The key keeps its answer (a retry under it signs nothing), and the approvals serve a new request.
    const replay = await attempt(world.deps, 'races-batch-tsa-down', bodyOf('down'));
    expect(replay).toEqual(down);
    for (const approvalId of approvals) expect(await recordsOf(approvalId)).toBe(0);
    const again = await attempt(world.deps, 'races-batch-tsa-back', bodyOf('back'));
    expect(again.items.map((i) => i.ok)).toEqual([true, true]);
    for (const approvalId of approvals) expect(await recordsOf(approvalId)).toBe(1);
  });

  it('a key used again for the same request after it expired signs nothing new: the stored record stands', async () => {
    const pdf = await samplePdf('races: key reused after expiry');
    const approvalId = await approvedUse(world, keeper, boss, seal, pdf);
    const body = signBody(seal, pdf, { approvalId });
    const first = await signAttempt(world.deps, 'races-expired-key', body);
    await expireIdempotencyKeys(
      { ...world.deps, settings: { ...world.deps.settings, idempotencyTtlMs: 0 } },
      new Date(Date.now() + 60_000),
    );

    await expect(signAttempt(world.deps, 'races-expired-key', body)).rejects.toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
      details: { recordId: first.record.id },
    });
    expect(await recordsOf(approvalId)).toBe(1);
  });
});

describe('stores that fail half-way, answers that outlive keys, requests refused for their input', () => {
  it('a retry after the record write failed and the outbox row was anchored stores the record, not the row again', async () => {
    const pdf = await samplePdf('races: half stored then anchored');
    const approvalId = await approvedUse(world, keeper, boss, seal, pdf);
    const body = signBody(seal, pdf, { approvalId });
    const work = documentSigningWork(world.deps, keeper, body);
    // The first attempt keeps its answer, writes the outbox row, and loses the store before the record.
    const first = withIdempotency(world.deps, scopeOf(keeper, 'races-half-stored', 'sign', body), {
      run: work.run,
      commit: async (writes: SignatureWrites) => {
        await world.signing.signingRecordRepository.queueForAnchoring(writes.record);
        throw new SealError('DEPENDENCY_UNAVAILABLE', 'the record store went away');
      },
    });
    await expect(first).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
    // Anchoring runs meanwhile: the row becomes a result.
    const answer = (await world.signing.idempotencyRepository.answer(`${keeper.id}\u0000races-half-stored`))!;
    const kept = JSON.parse(answer.response) as { record: { id: string } };
    expect(await world.signing.anchorPending.countDocuments({ _id: kept.record.id })).toBe(1);
    await world.signing.anchorPending.deleteOne({ _id: kept.record.id });
    await world.signing.anchorResults.collection.insertOne({ _id: kept.record.id, state: 'ANCHORED', storedAt: new Date() } as never);

    const retry = await as(world, keeper).post('/sign', body, { 'Idempotency-Key': 'races-half-stored' });
    expect([retry.status, retry.body.record?.id]).toEqual([201, kept.record.id]);
    expect(await recordsOf(approvalId)).toBe(1);
    expect(await world.signing.anchorPending.countDocuments({ _id: kept.record.id })).toBe(0);
  });

  it('an answer that outlived its key answers only its own request', async () => {
    const [pdfA, pdfB] = [await samplePdf('races: outlived A'), await samplePdf('races: outlived B')];
    const bodyA = signBody(seal, pdfA, { approvalId: await approvedUse(world, keeper, boss, seal, pdfA) });
    const approvalB = await approvedUse(world, keeper, boss, seal, pdfB);
    const bodyB = signBody(seal, pdfB, { approvalId: approvalB });
    const answerA = await signAttempt(world.deps, 'races-outlived', bodyA);
    await world.signing.idempotency.deleteOne({ _id: `${keeper.id}\u0000races-outlived` });

    await expect(signAttempt(world.deps, 'races-outlived', bodyB)).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
    expect((await world.signing.useRequestRepository.byId(approvalB))!.state).toBe('APPROVED');
    expect((await signAttempt(world.deps, 'races-outlived', bodyA)).record.id).toBe(answerA.record.id);
  });

  it('under a key, a request refused for its placement gives the approval back for a corrected request', async () => {
    const pdf = await samplePdf('races: wrong page');
    const approvalId = await approvedUse(world, keeper, boss, seal, pdf);
    const wrongPage = signBody(seal, pdf, { approvalId, placement: { page: 99, xMm: 20, yMm: 20 } });
    const refused = await as(world, keeper).post('/sign', wrongPage, { 'Idempotency-Key': 'races-wrong-page' });
    expect([refused.status, refused.body.error.code]).toEqual([422, 'PDF_PAGE_OUT_OF_RANGE']);
    const corrected = await as(world, keeper).post('/sign', signBody(seal, pdf, { approvalId }), { 'Idempotency-Key': 'races-right-page' });
    expect(corrected.status).toBe(201);
    expect(await recordsOf(approvalId)).toBe(1);
  });

  it('without a key, a store failure that may have written the record keeps the approval taken', async () => {
    const pdf = await samplePdf('races: ambiguous failure');
    const approvalId = await approvedUse(world, keeper, boss, seal, pdf);
    const { writes } = await prepareDocumentSignature(world.deps, keeper, { ...signBody(seal, pdf, { approvalId }), document: pdf });
    // The connection drops after the server applied the record's insert: the driver reports a failure.
    const records = world.signing.signingRecordRepository;
    const lostAnswerRecords: typeof records = {
      ...records,
      async insert(record: SigningRecordDoc) {
        await records.insert(record);
        throw new Error('connection reset by peer');
      },
    };
    const lostAnswer: SigningDeps = { ...world.deps, signing: { ...world.signing, signingRecordRepository: lostAnswerRecords } };
    await expect(storeSignature(lostAnswer, writes)).rejects.toThrow('connection reset');
    expect((await world.signing.useRequestRepository.byId(approvalId))!.state).toBe('USED');
    const again = await as(world, keeper).post('/sign', signBody(seal, pdf, { approvalId }));
    expect([again.status, again.body.error.code]).toEqual([409, 'APPROVAL_USED']);
  });
});
