import type { Context } from 'fabric-contract-api';
import { canonicalJson } from './canonical-json';
import { ChaincodeError } from './errors';
import { INDEX_VALUE, KEY_TYPES, sealKey, unitIndexKey } from './keys';
import type {
  ChangeSealInput,
  IssueResult,
  IssueSealInput,
  RenewSealInput,
  RevokeSealInput,
  SealEventKind,
  SealEventPayload,
  SealMaterial,
  SealRecord,
  SealTimelineEntry,
} from './model';
import { currentStanding } from './seal-timeline';
import { emit, mustReadJson, readJson, writeJson } from './state';
import { DAY_MS, txTimeMs } from './tx-time';

/** Renewal is allowed in the 30 days before expiry (第十三条, 第二十条). */
export const RENEWAL_WINDOW_DAYS = 30;

export async function issueSeal(ctx: Context, input: IssueSealInput, callerMsp: string): Promise<IssueResult> {
  const key = sealKey(ctx, input.sealId);
  const existing = await readJson<SealRecord>(ctx, key);
  if (existing !== undefined) {
    // A retried issuance (e.g. after a lost commit notification) must not fail or write twice.
    if (sameIssuance(existing, input)) return { seal: existing, created: false };
    throw new ChaincodeError('LEDGER_CONFLICT', `seal ${input.sealId} already exists with other data`, { sealId: input.sealId });
  }
  const now = txTimeMs(ctx);
  if (Date.parse(input.validTo) <= now) {
    throw new ChaincodeError('VALIDATION_FAILED', 'validTo is already past', { field: 'validTo' });
  }
  if (input.kind === 'LEGAL_NAME') await assertNoOtherLegalNameSeal(ctx, input.unitId, now);

  const at = new Date(now).toISOString();
  const material = materialOf(input);
  const seal: SealRecord = {
    docType: 'seal',
    sealId: input.sealId,
    unitId: input.unitId,
    kind: input.kind,
    ...material,
    status: 'ACTIVE',
    version: 1,
    issuedAt: at,
    updatedAt: at,
    issuedBy: callerMsp,
    timeline: [{ ...material, at, event: 'ISSUED', status: 'ACTIVE', txId: ctx.stub.getTxID() }],
  };
  await writeJson(ctx, key, seal);
  await ctx.stub.putState(unitIndexKey(ctx, input.unitId, input.sealId), INDEX_VALUE);
  emit(ctx, 'SealIssued', eventPayload(seal));
  return { seal, created: true };
}

/** Throws when the caller may not alter this particular seal (see assertMayAlterSeal). */
export type SealAuthorisation = (seal: SealRecord) => void;

export async function changeSeal(ctx: Context, input: ChangeSealInput, authorise?: SealAuthorisation): Promise<SealRecord> {
  const seal = await loadLiveSeal(ctx, input.sealId, authorise);
  const material: SealMaterial = {
    ...materialOf(seal),
    sesealSm3: input.sesealSm3 ?? seal.sesealSm3,
    certSerial: input.certSerial ?? seal.certSerial,
    certSm3: input.certSm3 ?? seal.certSm3,
  };
  if (canonicalJson(material) === canonicalJson(materialOf(seal))) {
    throw new ChaincodeError('INVALID_TRANSITION', 'the change does not alter the seal', { sealId: seal.sealId });
  }
  const updated = appendEntry(ctx, seal, 'CHANGED', 'ACTIVE', material, input.reason);
  await writeJson(ctx, sealKey(ctx, seal.sealId), updated);
  emit(ctx, 'SealChanged', eventPayload(updated, input.reason));
  return updated;
}

export async function renewSeal(ctx: Context, input: RenewSealInput, authorise?: SealAuthorisation): Promise<SealRecord> {
  const seal = await loadLiveSeal(ctx, input.sealId, authorise);
  if (input.imprintSm3 !== undefined && input.imprintSm3 !== seal.imprintSm3) {
    throw new ChaincodeError('INVALID_TRANSITION', 'renewal keeps the imprint; a new imprint needs a new seal', {
      sealId: seal.sealId,
    });
  }
  const now = txTimeMs(ctx);
  const windowOpens = Date.parse(seal.validTo) - RENEWAL_WINDOW_DAYS * DAY_MS;
  if (now < windowOpens) {
    throw new ChaincodeError('RENEWAL_WINDOW_CLOSED', `renewal opens ${new Date(windowOpens).toISOString()}`, {
      sealId: seal.sealId,
      opensAt: new Date(windowOpens).toISOString(),
    });
  }
  if (Date.parse(input.validTo) <= Date.parse(seal.validTo)) {
    throw new ChaincodeError('VALIDATION_FAILED', 'a renewal must extend validTo', { field: 'validTo' });
  }
  // A certificate that starts later than now would leave the seal unusable between now and then.
  if (Date.parse(input.validFrom) > now) {
    throw new ChaincodeError('VALIDATION_FAILED', 'validFrom of the renewed certificate is in the future', { field: 'validFrom' });
  }
  const material: SealMaterial = {
    imprintSm3: seal.imprintSm3,
    certSerial: input.certSerial,
    certSm3: input.certSm3,
    sesealSm3: input.sesealSm3,
    validFrom: input.validFrom,
    validTo: input.validTo,
  };
  const updated = appendEntry(ctx, seal, 'RENEWED', 'ACTIVE', material);
  await writeJson(ctx, sealKey(ctx, seal.sealId), updated);
  emit(ctx, 'SealRenewed', eventPayload(updated));
  return updated;
}

export async function revokeSeal(
  ctx: Context,
  input: RevokeSealInput,
  callerMsp: string,
  authorise?: SealAuthorisation,
): Promise<SealRecord> {
  const seal = await loadLiveSeal(ctx, input.sealId, authorise);
  const updated = appendEntry(ctx, seal, 'REVOKED', 'REVOKED', materialOf(seal), input.reason);
  // A compromise is reported after the fact, never for the future: the revocation itself bounds it.
  const compromisedAt =
    input.compromisedAt === undefined ? undefined : input.compromisedAt < updated.updatedAt ? input.compromisedAt : updated.updatedAt;
  if (compromisedAt !== undefined) updated.timeline[updated.timeline.length - 1]!.compromisedAt = compromisedAt;
  updated.revocation = {
    reason: input.reason,
    at: updated.updatedAt,
    byMsp: callerMsp,
    ...(compromisedAt !== undefined ? { compromisedAt } : {}),
  };
  await writeJson(ctx, sealKey(ctx, seal.sealId), updated);
  emit(ctx, 'SealRevoked', eventPayload(updated, input.reason));
  return updated;
}

/** Changes, renewals and revocations only apply to a seal that is neither revoked nor expired now. */
async function loadLiveSeal(ctx: Context, sealId: string, authorise?: SealAuthorisation): Promise<SealRecord> {
  const seal = await mustReadJson<SealRecord>(ctx, sealKey(ctx, sealId), 'seal', sealId);
  authorise?.(seal);
  const standing = currentStanding(seal, txTimeMs(ctx));
  if (standing === 'SEAL_REVOKED') throw new ChaincodeError('SEAL_REVOKED', `seal ${sealId} is revoked`, { sealId });
  if (standing === 'SEAL_EXPIRED') throw new ChaincodeError('SEAL_EXPIRED', `seal ${sealId} expired at ${seal.validTo}`, { sealId });
  return seal;
}

function appendEntry(
  ctx: Context,
  seal: SealRecord,
  event: SealEventKind,
  status: SealRecord['status'],
  material: SealMaterial,
  reason?: string,
): SealRecord {
  // Client clocks differ; never let the timeline run backwards, or "state at time t" becomes ambiguous.
  const last = seal.timeline[seal.timeline.length - 1];
  const atMs = Math.max(txTimeMs(ctx), last ? Date.parse(last.at) : 0);
  const at = new Date(atMs).toISOString();
  const entry: SealTimelineEntry = { ...material, at, event, status, txId: ctx.stub.getTxID(), reason };
  return { ...seal, ...material, status, version: seal.version + 1, updatedAt: at, timeline: [...seal.timeline, entry] };
}

/** One active legal-name seal per unit: a second may only be issued once the first is revoked or expired. */
async function assertNoOtherLegalNameSeal(ctx: Context, unitId: string, nowMs: number): Promise<void> {
  for await (const kv of ctx.stub.getStateByPartialCompositeKey(KEY_TYPES.unitIndex, [unitId])) {
    const { attributes } = ctx.stub.splitCompositeKey(kv.key);
    const other = await readJson<SealRecord>(ctx, sealKey(ctx, attributes[1]!));
    if (other?.kind === 'LEGAL_NAME' && currentStanding(other, nowMs) === 'ACTIVE') {
      throw new ChaincodeError('DUPLICATE_LEGAL_NAME_SEAL', `unit already has active legal-name seal ${other.sealId}`, {
        existingSealId: other.sealId,
      });
    }
  }
}

function materialOf(m: SealMaterial): SealMaterial {
  return {
    imprintSm3: m.imprintSm3,
    certSerial: m.certSerial,
    certSm3: m.certSm3,
    sesealSm3: m.sesealSm3,
    validFrom: m.validFrom,
    validTo: m.validTo,
  };
}

function sameIssuance(seal: SealRecord, input: IssueSealInput): boolean {
  const first = seal.timeline[0];
  if (first === undefined) return false;
  return seal.unitId === input.unitId && seal.kind === input.kind && canonicalJson(materialOf(first)) === canonicalJson(materialOf(input));
}

function eventPayload(seal: SealRecord, reason?: string): SealEventPayload {
  return {
    sealId: seal.sealId,
    unitId: seal.unitId,
    kind: seal.kind,
    status: seal.status,
    version: seal.version,
    at: seal.updatedAt,
    reason,
  };
}
