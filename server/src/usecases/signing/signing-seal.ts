import { LruMap, SealError, decodeSeal } from '@eseal/core';
import type { SealDoc, Store } from '../../store';
import { requiresUseApproval } from '../../domain';
import { storedBytes } from './bytes';

/** What signing needs of a seal, loaded and checked once per request. */
export interface SigningSeal {
  readonly sealId: string;
  readonly unitId: string;
  readonly kind: SealDoc['kind'];
  /** GB/T 38540 esID from the seal data: the key the ledger and the verifier know the seal by. */
  readonly sealCode: string;
  readonly needsApproval: boolean;
  readonly seseal: Uint8Array;
  readonly certificateDer: Uint8Array;
  readonly keyId: string;
  readonly wrappedKey: Uint8Array;
  readonly imprint: { png: Uint8Array; widthMm: number; heightMm: number };
  /** People who may sign with it: current custodians of an official seal, or the holder of a position seal. */
  readonly actingPersonIds: readonly string[];
  readonly displayName: string;
  /** The PIN was set by someone else (see SealKeyDoc.initialPin): the custodian must change it before signing. */
  readonly pinChangeRequired: boolean;
}

/** The small part of the seal read on every signing; the bulky material is cached by its identity. */
type SealState = Pick<
  SealDoc,
  | '_id'
  | 'unitId'
  | 'kind'
  | 'status'
  | 'keyId'
  | 'certificate'
  | 'sesealSm3'
  | 'imprintWidthMm'
  | 'imprintHeightMm'
  | 'holderPersonId'
  | 'custodianId'
  | 'displayName'
>;
const STATE_FIELDS = [
  'unitId',
  'kind',
  'status',
  'keyId',
  'certificate',
  'sesealSm3',
  'imprintWidthMm',
  'imprintHeightMm',
  'holderPersonId',
  'custodianId',
  'displayName',
] as const;

type Material = Pick<SigningSeal, 'sealCode' | 'seseal' | 'certificateDer' | 'imprint' | 'wrappedKey' | 'pinChangeRequired'>;

/**
 * Seal data, certificate, imprint and wrapped key never change in place: a renewal or a new
 * certificate changes the SESeal hash or the serial, and a custody handover stores the key re-wrapped
 * under the new PIN as a new key document that the seal switches to (see seal-key.model.ts) - each
 * changes the cache key. The status and the people, which do change in place, are read on every call.
 */
export class SealMaterialCache {
  readonly #entries: LruMap<string, Material>;
  constructor(maxEntries = 500) {
    this.#entries = new LruMap(maxEntries);
  }

  get(key: string): Material | undefined {
    return this.#entries.get(key);
  }

  put(key: string, material: Material): void {
    this.#entries.set(key, material);
  }
}

/**
 * Loads an ACTIVE seal with its key, certificate and imprint. A revoked or expired seal cannot sign,
 * whatever else the request says, so this comes before the PIN or the approval.
 */
export async function loadSigningSeal(store: Store, sealId: string, now: Date, cache?: SealMaterialCache): Promise<SigningSeal> {
  // An `_id` read straight through the driver (the repository's fieldsOf): mongoose's query layer
  // cost about as much CPU as the driver itself on these single-document reads.
  const seal: SealState | null = await store.seals.fieldsOf(sealId, STATE_FIELDS);
  if (!seal) throw new SealError('NOT_FOUND', 'no such seal', { details: { sealId } });
  if (seal.status === 'REVOKED') throw new SealError('SEAL_REVOKED', 'the seal is revoked', { details: { sealId } });
  if (seal.status === 'EXPIRED' || (seal.certificate && Date.parse(seal.certificate.notAfter) < now.getTime())) {
    throw new SealError('SEAL_EXPIRED', 'the seal has expired', { details: { sealId } });
  }
  if (seal.status !== 'ACTIVE')
    throw new SealError('SEAL_NOT_ACTIVE', `the seal is ${seal.status}, not ACTIVE`, { details: { sealId, status: seal.status } });
  if (!seal.sesealSm3 || !seal.keyId || !seal.certificate)
    throw new SealError('SEAL_NOT_ACTIVE', 'the seal has no complete seal data', { details: { sealId } });

  const cacheKey = `${sealId}:${seal.sesealSm3}:${seal.keyId}:${seal.certificate.serial}`;
  const [material, actingPersonIds] = await Promise.all([
    cache?.get(cacheKey) ?? loadMaterial(store, seal as SealState & { sesealSm3: string; keyId: string }, seal.certificate.serial),
    sealActingPersonIds(store, seal),
  ]);
  cache?.put(cacheKey, material);
  return {
    sealId: seal._id,
    unitId: seal.unitId,
    kind: seal.kind,
    needsApproval: requiresUseApproval(seal.kind),
    keyId: seal.keyId,
    actingPersonIds,
    displayName: seal.displayName,
    ...material,
  };
}

function readWrappedKey(store: Store, keyId: string): Promise<{ wrapped: unknown; initialPin?: boolean } | null> {
  return store.sealKeys.wrappedOf(keyId);
}

/** Read once per seal data issue and key (see SealMaterialCache): the seal data by the hash the seal names. */
async function loadMaterial(store: Store, seal: SealState & { keyId: string }, serial: string): Promise<Material> {
  const [sealData, certificate, key] = await Promise.all([
    store.sealArtifacts.dataOf(seal),
    store.certificates.bySerial(serial),
    readWrappedKey(store, seal.keyId),
  ]);
  if (!sealData || !seal.imprintWidthMm || !seal.imprintHeightMm) {
    throw new SealError('SEAL_NOT_ACTIVE', 'the seal has no complete seal data', { details: { sealId: seal._id } });
  }
  if (!certificate) throw new SealError('INTERNAL', 'the seal certificate is missing', { details: { sealId: seal._id } });
  if (!key) throw new SealError('INTERNAL', 'the seal key is missing', { details: { sealId: seal._id } });
  return {
    wrappedKey: storedBytes(key.wrapped),
    pinChangeRequired: key.initialPin === true,
    sealCode: decodeSeal(sealData.seseal).sealInfo.esID,
    seseal: sealData.seseal,
    certificateDer: storedBytes(certificate.der),
    imprint: { png: sealData.imprintPng, widthMm: seal.imprintWidthMm, heightMm: seal.imprintHeightMm },
  };
}

/** What of a seal says who keeps or holds it. */
export type SealPeople = Pick<SealDoc, 'kind' | 'holderPersonId' | 'custodianId'>;

/** The people who may put the seal on a document now: its current custodians, or a position seal's holder. */
export async function sealActingPersonIds(store: Store, seal: SealPeople & { _id: string }): Promise<string[]> {
  if (!requiresUseApproval(seal.kind)) return seal.holderPersonId ? [seal.holderPersonId] : [];
  const people = new Set(await store.custodians.currentPersonIds(seal._id));
  if (seal.custodianId?.startsWith('person_')) people.add(seal.custodianId);
  return [...people];
}
