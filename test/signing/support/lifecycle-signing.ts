/**
 * TEST-ONLY: a seal made through the lifecycle API and used through the signing API, on whatever
 * ledger the harness was started with, so one scenario runs against the embedded ledger and Fabric.
 */
import request from 'supertest';
import type { Caller } from '../../../server/src/access';
import type { Harness } from '../../lifecycle/support/harness';
import { api } from '../../lifecycle/api-helpers';
import { callerHeader } from '../../lifecycle/support/test-caller-guard';
import { samplePdf, sm3Hex } from './signing-world';

export interface UsableSeal {
  sealId: string;
  /** The seal's GB/T 38540 esID: the seal code, its name on the ledger. */
  esID: string;
  unitId: string;
  pin: string;
  keeper: Caller;
  boss: Caller;
  /** The MADE filing (acknowledged by `makeUsableSeal` unless asked not to). */
  madeFilingId: string;
}

const post = (h: Harness, caller: Caller, path: string, body: unknown) =>
  request(h.app)
    .post(`/api/v1${path}`)
    .set(callerHeader(caller))
    .send(body as object);

/**
 * Registers a unit and makes a contract seal; acknowledges its filing (public security saw it) unless
 * `ackFiling` is false, and then the custodian replaces the maker's one-time PIN with their own.
 */
export async function makeUsableSeal(h: Harness, options: { ackFiling?: boolean } = {}): Promise<UsableSeal> {
  const http = api(h.app);
  const unit = await http.registerUnit();
  const initialPin = '135790';
  const made = await http.makeSeal(unit.unitId, 'CONTRACT', { pin: initialPin });
  const madeFilingId = made.filings[0].filingId as string;
  const custody = await h.services.store.models.custodians.findOne({ sealId: made.sealId }).lean();
  const keeper: Caller = { id: 'acct-keeper', kind: 'person', roles: ['SEAL_CUSTODIAN'], unitId: unit.unitId, personId: custody!.personId };
  let pin = initialPin;
  if (options.ackFiling !== false) {
    await ackFiling(h, madeFilingId);
    pin = '975310';
    const changed = await post(h, keeper, `/seals/${made.sealId}/pin`, { currentPin: initialPin, newPin: pin });
    if (changed.status !== 200) throw new Error(`PIN change failed: ${changed.status} ${JSON.stringify(changed.body)}`);
  }
  return {
    sealId: made.sealId,
    esID: made.esID as string,
    unitId: unit.unitId,
    pin,
    madeFilingId,
    keeper,
    boss: { id: 'acct-boss', kind: 'person', roles: ['APPROVER'], unitId: unit.unitId, personId: 'person_boss' },
  };
}

export async function ackFiling(h: Harness, filingId: string): Promise<void> {
  await h.services.filingPorts.store.markAcknowledged(filingId, { ackId: `ack-${filingId}`, filedAt: new Date().toISOString() });
}

/** Requests and approves the use of the seal on a fresh PDF, then signs it through the API. */
export async function signApproved(h: Harness, seal: UsableSeal, label: string): Promise<{ recordId: string; signedPdf: Uint8Array }> {
  const pdf = await samplePdf(label);
  const use = await post(h, seal.keeper, '/seal-use-requests', {
    sealId: seal.sealId,
    documentSm3: sm3Hex(pdf),
    purpose: 'supply contract',
  });
  if (use.status !== 201) throw new Error(`use request failed: ${use.status} ${JSON.stringify(use.body)}`);
  const approved = await post(h, seal.boss, `/seal-use-requests/${use.body.id}/approve`, {});
  if (approved.status !== 200) throw new Error(`approval failed: ${approved.status} ${JSON.stringify(approved.body)}`);
  const signed = await post(h, seal.keeper, '/sign', {
    sealId: seal.sealId,
    pin: seal.pin,
    approvalId: use.body.id,
    document: Buffer.from(pdf).toString('base64'),
    placement: { page: 1, xMm: 30, yMm: 40 },
  });
  if (signed.status !== 201) throw new Error(`sign failed: ${signed.status} ${JSON.stringify(signed.body)}`);
  return { recordId: signed.body.record.id as string, signedPdf: new Uint8Array(Buffer.from(signed.body.signedPdf, 'base64')) };
}
