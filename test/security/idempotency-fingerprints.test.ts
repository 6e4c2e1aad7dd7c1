/**
 * Attack: recover a custodian's PIN from the idempotency records. Whoever reads the collection (a
 * backup, a replica, an operator) holds the stored answer - the signed PDF, hence the request's
 * document - and the request's fingerprint. If that fingerprint were a plain hash of the request with
 * its six-digit PIN, a million guesses would find the PIN in seconds. It must be keyed by a server
 * secret and leave the PIN out; and the records must not be kept for ever.
 */
import { createHash, randomInt } from 'node:crypto';
import { canonicalJson } from '../../server/src/infra/canonical-json';
import { expireIdempotencyKeys } from '../../server/src/usecases/signing';
import { approvedUse, as, signBody } from '../signing/support/api';
import { approver, custodian, createSigningWorld, samplePdf, type SigningWorld, type TestSeal } from '../signing/support/signing-world';

const UNIT = 'unit_fingerprints';
const CUSTODIAN = 'person_fingerprint_keeper';
const keeper = custodian(UNIT, CUSTODIAN);
const boss = approver(UNIT);

let world: SigningWorld;
let seal: TestSeal;
beforeAll(async () => {
  world = await createSigningWorld();
  seal = await world.addSeal({ unitId: UNIT, kind: 'CONTRACT', actingPersonId: CUSTODIAN });
});
afterAll(async () => world?.close());

async function signWithKey(label: string, idempotencyKey: string) {
  const pdf = await samplePdf(label);
  const approvalId = await approvedUse(world, keeper, boss, seal, pdf);
  const body = signBody(seal, pdf, { approvalId });
  const res = await as(world, keeper).post('/sign', body, { 'Idempotency-Key': idempotencyKey });
  expect(res.status).toBe(201);
  return { body, res };
}

describe('idempotency fingerprints', () => {
  it('cannot be recomputed offline to test PIN guesses', async () => {
    const { body } = await signWithKey('fingerprint oracle', 'order-1');
    const stored = (await world.signing.idempotency.findById(`${keeper.id}\u0000order-1`).lean())!;
    // The attacker knows everything in the request but the PIN, and tries candidates, the right one among them.
    const candidates = [seal.pin, ...Array.from({ length: 200 }, () => String(randomInt(0, 1_000_000)).padStart(6, '0'))];
    const plainHash = (value: unknown) => createHash('sm3').update(canonicalJson(value)).digest('hex');
    const hits = candidates.filter((pin) =>
      [plainHash({ op: 'sign', body: { ...body, pin } }), plainHash({ ...body, pin })].includes(stored.requestSm3),
    );
    expect(hits).toEqual([]);
    expect(JSON.stringify(stored)).not.toContain(seal.pin);
  });

  it('still tells a retry from another request', async () => {
    const { body, res } = await signWithKey('fingerprint retry', 'order-2');
    const retry = await as(world, keeper).post('/sign', body, { 'Idempotency-Key': 'order-2' });
    expect([retry.status, retry.body.record.id]).toEqual([201, res.body.record.id]);
    const other = await as(world, keeper).post('/sign', { ...body, reason: 'another request' }, { 'Idempotency-Key': 'order-2' });
    expect([other.status, other.body.error.code]).toEqual([409, 'IDEMPOTENCY_CONFLICT']);
  });

  it('are deleted by the sweep once older than the retention, and not before', async () => {
    await signWithKey('fingerprint expiry', 'order-3');
    const id = `${keeper.id}\u0000order-3`;
    expect(await expireIdempotencyKeys(world.deps)).toBe(0);
    expect(await world.signing.idempotency.findById(id).lean()).not.toBeNull();
    const later = new Date(Date.now() + world.deps.settings.idempotencyTtlMs + 60_000);
    expect(await expireIdempotencyKeys(world.deps, later)).toBeGreaterThanOrEqual(1);
    expect(await world.signing.idempotency.findById(id).lean()).toBeNull();
  });

  it('take the claims of their retries with them, and only those', async () => {
    const taken = new Date();
    const retryClaim = `idem:${keeper.id}\u0000order-4:1`;
    const otherClaim = `use:claim-kept-${taken.getTime()}`;
    await world.signing.claims.create({ _id: retryClaim, holder: 'ref', at: taken });
    await world.signing.claims.create({ _id: otherClaim, holder: 'ref', at: taken });
    await expireIdempotencyKeys(world.deps, taken);
    expect(await world.signing.claims.findById(retryClaim).lean()).not.toBeNull();
    await expireIdempotencyKeys(world.deps, new Date(taken.getTime() + world.deps.settings.idempotencyTtlMs + 60_000));
    expect(await world.signing.claims.findById(retryClaim).lean()).toBeNull();
    expect(await world.signing.claims.findById(otherClaim).lean()).not.toBeNull();
  });
});
