import type { RevocationReason } from '../../domain';
import type { PersonDoc, SealDoc, Store } from '../../store';
import { esIdOf } from './seal-identity';

/** A seal as callers see it: hashes, codes, status, masked custodian; never a key or a clear ID number. */
export interface SealView {
  sealId: string;
  unitId: string;
  applicationId: string;
  kind: SealDoc['kind'];
  status: SealDoc['status'];
  sealCode: string;
  /** Once made: the GB/T 38540 esID in its seal data, the key the ledger, signatures and the verifier name it by (the seal code; the internal id for seals made before). */
  esID?: string;
  displayName: string;
  sealName: string;
  custodian?: { personId: string; name: string; idNumberMasked: string };
  certificate?: { serial: string; sm3: string; notBefore: string; notAfter: string };
  imprintSm3?: string;
  imprintSource?: string;
  sesealSm3?: string;
  /** The maker-signed GB/T 38540 seal data, base64 DER: public, it travels inside every signed document. */
  sesealDer?: string;
  rejectionReason?: string;
  revocation?: { reason: RevocationReason; at: string; reportedCompromiseAt?: string; materials: Array<{ kind: string; sm3: string }> };
  replacingSealId?: string;
  replacedBySealId?: string;
  ledgerSync: {
    state: 'NONE' | 'PENDING' | 'DONE';
    ops: Array<{ type: string; state: string; txId?: string; attempts: number; lastError?: string }>;
  };
  filings: Array<{ filingId: string; action: string; state: string; ackId?: string; filedAt?: string; error?: string }>;
  createdAt: string;
  updatedAt: string;
}

/** Views of many seals with one query for their custodians (list pages: without the seal data). */
export async function sealViews(store: Store, seals: readonly SealDoc[]): Promise<SealView[]> {
  const ids = [...new Set(seals.map((s) => s.custodianId).filter((id): id is string => id !== undefined))];
  const people = await store.people.byIds(ids);
  const byId = new Map(people.map((p) => [p._id, p]));
  return seals.map((seal) => toView(seal, seal.custodianId ? byId.get(seal.custodianId) : undefined));
}

/** The view of one seal, with its seal data (SESeal) when it has been made. */
export async function sealView(store: Store, seal: SealDoc): Promise<SealView> {
  const [custodian, sealData] = await Promise.all([
    seal.custodianId ? store.people.byId(seal.custodianId) : null,
    store.sealArtifacts.dataOf(seal),
  ]);
  return toView(seal, custodian ?? undefined, sealData?.seseal);
}

function toView(seal: SealDoc, custodian: PersonDoc | undefined, seseal?: Uint8Array): SealView {
  const ops = seal.ledgerOps ?? [];
  return {
    sealId: seal._id,
    unitId: seal.unitId,
    applicationId: seal.applicationId,
    kind: seal.kind,
    status: seal.status,
    sealCode: seal.sealCode,
    ...(seal.certificate?.serial ? { esID: esIdOf(seal) } : {}),
    displayName: seal.displayName,
    sealName: seal.sealName,
    ...(custodian
      ? { custodian: { personId: custodian._id, name: custodian.identity.nameMasked, idNumberMasked: custodian.identity.idNumberMasked } }
      : {}),
    ...(seal.certificate?.serial ? { certificate: { ...pick(seal.certificate) } } : {}),
    ...(seal.imprintSm3 ? { imprintSm3: seal.imprintSm3 } : {}),
    ...(seal.imprintSource ? { imprintSource: seal.imprintSource } : {}),
    ...(seal.sesealSm3 ? { sesealSm3: seal.sesealSm3 } : {}),
    ...(seseal ? { sesealDer: Buffer.from(seseal).toString('base64') } : {}),
    ...(seal.rejectionReason ? { rejectionReason: seal.rejectionReason } : {}),
    ...(seal.revocation
      ? {
          revocation: {
            reason: seal.revocation.reason,
            at: seal.revocation.at,
            ...(seal.revocation.reportedCompromiseAt ? { reportedCompromiseAt: seal.revocation.reportedCompromiseAt } : {}),
            materials: seal.revocation.materials.map((m) => ({ kind: m.kind, sm3: m.sm3 })),
          },
        }
      : {}),
    ...(seal.replacingSealId ? { replacingSealId: seal.replacingSealId } : {}),
    ...(seal.replacedBySealId ? { replacedBySealId: seal.replacedBySealId } : {}),
    ledgerSync: {
      state: ops.length === 0 ? 'NONE' : ops.some((o) => o.state === 'PENDING') ? 'PENDING' : 'DONE',
      ops: ops.map((o) => ({
        type: o.type,
        state: o.state,
        attempts: o.attempts,
        ...(o.txId ? { txId: o.txId } : {}),
        ...(o.lastError ? { lastError: o.lastError } : {}),
      })),
    },
    filings: (seal.filings ?? []).map((f) => ({
      filingId: f.filingId,
      action: f.action,
      state: f.state,
      ...(f.ackId ? { ackId: f.ackId } : {}),
      ...(f.filedAt ? { filedAt: f.filedAt } : {}),
      ...(f.error ? { error: f.error } : {}),
    })),
    createdAt: new Date(seal.createdAt).toISOString(),
    updatedAt: new Date(seal.updatedAt).toISOString(),
  };
}

function pick(c: NonNullable<SealDoc['certificate']>) {
  return { serial: c.serial, sm3: c.sm3, notBefore: c.notBefore, notAfter: c.notAfter };
}
