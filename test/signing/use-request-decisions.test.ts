/**
 * 用章审批 is decided once. An approver who sends APPROVE and REJECT at the same moment (two tabs, a
 * replayed request) must not get both accepted, and no decision may be written over a request whose
 * approval a signing has already used: the request would look approved again.
 */
import { approvedUse, as, signBody } from './support/api';
import { approver, custodian, createSigningWorld, samplePdf, sm3Hex, type SigningWorld, type TestSeal } from './support/signing-world';

const UNIT = 'unit_decide_once';
const CUSTODIAN = 'person_decide_keeper';
const keeper = custodian(UNIT, CUSTODIAN);
const boss = approver(UNIT);

let world: SigningWorld;
let seal: TestSeal;
beforeAll(async () => {
  world = await createSigningWorld();
  seal = await world.addSeal({ unitId: UNIT, kind: 'CONTRACT', actingPersonId: CUSTODIAN });
});
afterAll(async () => world?.close());

async function pendingRequest(label: string): Promise<string> {
  const pdf = await samplePdf(label);
  const created = await as(world, keeper).post('/seal-use-requests', { sealId: seal.sealId, documentSm3: sm3Hex(pdf), purpose: label });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

describe('deciding a use request', () => {
  it('takes exactly one of an approver’s concurrent APPROVE and REJECT; the other is a 409', async () => {
    const ids = await Promise.all(Array.from({ length: 6 }, (_, i) => pendingRequest(`decide once ${i}`)));
    const answers = await Promise.all(
      ids.map((id) =>
        Promise.all([
          as(world, boss).post(`/seal-use-requests/${id}/approve`, {}),
          as(world, boss).post(`/seal-use-requests/${id}/reject`, { note: 'not this one' }),
        ]),
      ),
    );
    for (const [index, [approve, reject]] of answers.entries()) {
      const winners = [approve, reject].filter((answer) => answer.status === 200);
      const losers = [approve, reject].filter((answer) => answer.status !== 200);
      expect(winners.map((answer) => answer.body.state)).toHaveLength(1);
      expect(losers.map((answer) => [answer.status, answer.body.error.code])).toEqual([[409, 'INVALID_TRANSITION']]);
      // What the request says is what the one accepted answer said.
      const stored = await as(world, boss).get(`/seal-use-requests/${ids[index]}`);
      expect(stored.body.state).toBe(winners[0]!.body.state);
    }
  });

  it('refuses a decision after the approval was used, and the request stays USED', async () => {
    const pdf = await samplePdf('decide after use');
    const approvalId = await approvedUse(world, keeper, boss, seal, pdf);
    const signed = await as(world, keeper).post('/sign', signBody(seal, pdf, { approvalId }));
    expect(signed.status).toBe(201);
    for (const [verb, body] of [
      ['reject', { note: 'too late' }],
      ['approve', {}],
    ] as const) {
      const late = await as(world, boss).post(`/seal-use-requests/${approvalId}/${verb}`, body);
      expect([late.status, late.body.error.code]).toEqual([409, 'INVALID_TRANSITION']);
    }
    const stored = await as(world, boss).get(`/seal-use-requests/${approvalId}`);
    expect([stored.body.state, stored.body.usedByRecordId]).toEqual(['USED', signed.body.record.id]);
  });
});
