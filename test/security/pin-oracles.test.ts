/**
 * Attack: use the custodian's PIN as an oracle. A PIN of 6 digits falls to guessing unless every use
 * of it - signing and custody handover alike - is counted against one lock, and the lock holds when
 * the guesses arrive all at once rather than one after another.
 */
import { randomInt } from 'node:crypto';
import type { Server } from 'node:http';
import request from 'supertest';
import type { Caller } from '../../server/src/access';
import { person } from '../lifecycle/support/fixtures';
import { startHarness, type Harness } from '../lifecycle/support/harness';
import { MAKER, callerHeader } from '../lifecycle/support/test-caller-guard';
import { makeUsableSeal, type UsableSeal } from '../signing/support/lifecycle-signing';
import { samplePdf, sm3Hex } from '../signing/support/signing-world';

// Real-cost PIN derivations on a shared machine: generous time per test.
jest.setTimeout(120_000);

let h: Harness;
let server: Server;

beforeAll(async () => {
  // A PIN derivation as slow as a real one (tens of ms): the race lives in the time a derivation takes.
  h = await startHarness({ pinKdf: { log2N: 16, r: 8, p: 1 } });
  // One listening server for the whole file: a hundred requests at once must not each open their own.
  server = h.app.listen(0, '127.0.0.1');
}, 60_000);
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await h?.close();
});

const post = (caller: Caller, path: string, body: unknown) =>
  request(server)
    .post(`/api/v1${path}`)
    .set(callerHeader(caller))
    .send(body as object);

/** A PIN of six random digits that is not `right`. */
function wrongPin(right: string): string {
  for (;;) {
    const pin = String(randomInt(0, 1_000_000)).padStart(6, '0');
    if (pin !== right) return pin;
  }
}

async function approvedRequest(seal: UsableSeal, label: string): Promise<{ pdf: Uint8Array; approvalId: string }> {
  const pdf = await samplePdf(label);
  const use = await post(seal.keeper, '/seal-use-requests', { sealId: seal.sealId, documentSm3: sm3Hex(pdf), purpose: 'pin oracle test' });
  expect(use.status).toBe(201);
  expect((await post(seal.boss, `/seal-use-requests/${use.body.id}/approve`, {})).status).toBe(200);
  return { pdf, approvalId: use.body.id as string };
}

const handover = (seal: UsableSeal, currentPin: string) =>
  post(MAKER, `/seals/${seal.sealId}/custodian`, { custodian: person('王五'), currentPin, newPin: '97531024' });

describe('custody handover uses the PIN guard of signing', () => {
  it('counts wrong outgoing PINs and locks the seal after five, then refuses even the right PIN', async () => {
    const seal = await makeUsableSeal(h);
    for (let i = 1; i <= 4; i++) {
      const res = await handover(seal, wrongPin(seal.pin));
      expect([res.status, res.body.error.code, res.body.error.details?.remainingAttempts]).toEqual([403, 'WRONG_PIN', 5 - i]);
    }
    const fifth = await handover(seal, wrongPin(seal.pin));
    expect([fifth.status, fifth.body.error.code]).toEqual([423, 'SEAL_LOCKED']);
    const right = await handover(seal, seal.pin);
    expect([right.status, right.body.error.code]).toEqual([423, 'SEAL_LOCKED']);
    // Signing shares the lock: the handover guesses used up the signing budget too.
    const { pdf, approvalId } = await approvedRequest(seal, 'after handover guesses');
    const signed = await post(seal.keeper, '/sign', {
      sealId: seal.sealId,
      pin: seal.pin,
      approvalId,
      document: Buffer.from(pdf).toString('base64'),
      placement: { page: 1, xMm: 20, yMm: 20 },
    });
    expect([signed.status, signed.body.error.code]).toEqual([423, 'SEAL_LOCKED']);
    expect((await h.services.store.models.seals.findById(seal.sealId).lean())!.custodianId).not.toBe(undefined);
  });

  it('does not hand the seal over when a hundred wrong PINs and the right one arrive at once', async () => {
    const seal = await makeUsableSeal(h);
    const before = (await h.services.store.models.seals.findById(seal.sealId).lean())!;
    const results = await Promise.all([...Array.from({ length: 100 }, () => handover(seal, wrongPin(seal.pin))), handover(seal, seal.pin)]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(0);
    expect(new Set(results.map((r) => r.body.error?.code))).toEqual(new Set(['WRONG_PIN', 'SEAL_LOCKED']));
    const after = (await h.services.store.models.seals.findById(seal.sealId).lean())!;
    expect([after.custodianId, after.keyId]).toEqual([before.custodianId, before.keyId]);
  }, 120_000);
});

describe('the five-try lock under concurrency', () => {
  it('does not sign when a hundred wrong PINs and the right one are sent at once', async () => {
    const seal = await makeUsableSeal(h);
    const { pdf, approvalId } = await approvedRequest(seal, 'concurrent guesses');
    const sign = (pin: string) =>
      post(seal.keeper, '/sign', {
        sealId: seal.sealId,
        pin,
        approvalId,
        document: Buffer.from(pdf).toString('base64'),
        placement: { page: 1, xMm: 20, yMm: 20 },
      });
    const results = await Promise.all([...Array.from({ length: 100 }, () => sign(wrongPin(seal.pin))), sign(seal.pin)]);
    expect(results.filter((r) => r.status === 201)).toHaveLength(0);
    const wrong = results.filter((r) => r.body.error?.code === 'WRONG_PIN');
    // At most five derivations ran; everything beyond was refused without trying the PIN.
    expect(wrong.length).toBeLessThanOrEqual(4);
    expect(results.filter((r) => r.body.error?.code === 'SEAL_LOCKED').length).toBeGreaterThanOrEqual(96);
    expect(await h.services.signing.deps.signing.records.countDocuments({ sealId: seal.sealId })).toBe(0);
    // Locked for good: the right PIN alone, afterwards, is refused too.
    expect((await sign(seal.pin)).body.error.code).toBe('SEAL_LOCKED');
  }, 120_000);

  it('lets parallel signings with the right PIN through: they share one counted attempt', async () => {
    const seal = await makeUsableSeal(h);
    const requests = await Promise.all(Array.from({ length: 8 }, (_, i) => approvedRequest(seal, `parallel ${i}`)));
    const results = await Promise.all(
      requests.map(({ pdf, approvalId }) =>
        post(seal.keeper, '/sign', {
          sealId: seal.sealId,
          pin: seal.pin,
          approvalId,
          document: Buffer.from(pdf).toString('base64'),
          placement: { page: 1, xMm: 20, yMm: 20 },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(await h.services.signing.deps.signing.pinFailures.countDocuments({ sealId: seal.sealId })).toBe(0);
  });

  it('still forgives earlier wrong PINs once the right one is used', async () => {
    const seal = await makeUsableSeal(h);
    for (let i = 0; i < 4; i++) expect((await handover(seal, wrongPin(seal.pin))).body.error.code).toBe('WRONG_PIN');
    const { pdf, approvalId } = await approvedRequest(seal, 'after four wrong');
    const signed = await post(seal.keeper, '/sign', {
      sealId: seal.sealId,
      pin: seal.pin,
      approvalId,
      document: Buffer.from(pdf).toString('base64'),
      placement: { page: 1, xMm: 20, yMm: 20 },
    });
    expect(signed.status).toBe(201);
    for (let i = 0; i < 4; i++) expect((await handover(seal, wrongPin(seal.pin))).body.error.details.remainingAttempts).toBe(4 - i);
  });
});
