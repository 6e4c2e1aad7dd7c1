import { SealError, decodeSeal } from '@eseal/core';
import { readSealData, type SealDoc, type Store } from '../../store';
import { findByIdRaw } from '../../store/signing';
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
}

/** The small part of the seal read on every signing; the bulky material is cached by its identity. */
type SealState = Pick<
  SealDoc,
  '_id' | 'unitId' | 'kind' | 'status' | 'keyId' | 'certificate' | 'sesealSm3' | 'imprintWidthMm' | 'imprintHeightMm' | 'holderPersonId' | 'custodianId' | 'displayName'
>;
const STATE_FIELDS = {
  unitId: 1, kind: 1, status: 1, keyId: 1, certificate: 1, sesealSm3: 1, imprintWidthMm: 1, imprintHeightMm: 1, holderPersonId: 1, custodianId: 1, displayName: 1,
} as const;

type Material = Pick<SigningSeal, 'sealCode' | 'seseal' | 'certificateDer' | 'imprint'>;

/**
 * Seal data, certificate and imprint never change in place: a renewal or a new certificate changes
 * the SESeal hash or the serial, and so the cache key. The status, the people and the wrapped key,
 * which do change (a custodian handover re-wraps the key under the new PIN, in a separate write), are
 * read on every call: a cached blob would let the previous custodian's PIN keep working.
 */
export class SealMaterialCache {
  readonly #entries = new Map<string, Material>();
  /** The key id each seal had at its last signing: only a guess of which key document to read early. */
  readonly #keyIds = new Map<string, string>();
  constructor(private readonly maxEntries = 500) {}

  get(key: string): Material | undefined {
    return this.#entries.get(key);
  }

  put(key: string, material: Material): void {
    if (this.#entries.size >= this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, material);
  }

  /** The key id last seen for the seal; a hint only: the caller compares it with the seal it reads. */
  keyIdOf(sealId: string): string | undefined {
    return this.#keyIds.get(sealId);
  }

  rememberKeyId(sealId: string, keyId: string): void {
    if (this.#keyIds.get(sealId) === keyId) return;
    if (this.#keyIds.size >= this.maxEntries) this.#keyIds.delete(this.#keyIds.keys().next().value!);
    this.#keyIds.set(sealId, keyId);
  }
}

/**
 * Loads an ACTIVE seal with its key, certificate and imprint. A revoked or expired seal cannot sign,
 * whatever else the request says, so this comes before the PIN or the approval.
 */
export async function loadSigningSeal(store: Store, sealId: string, now: Date, cache?: SealMaterialCache): Promise<SigningSeal> {
  // The wrapped key is read on every call (a handover re-wraps it in place), but it need not wait for
  // the seal: the key id rarely changes, so the key document of the last signing is read alongside
  // the seal and used only when the seal still names it. Both reads start after the request arrived,
  // so the key is as fresh as a read issued after the seal's; a changed key id is simply read again.
  // Reads go through the driver (lean results either way): mongoose's query layer cost about as
  // much CPU as the driver itself on these single-document reads.
  const guessedKeyId = cache?.keyIdOf(sealId);
  const guessedKey = guessedKeyId === undefined ? undefined : readWrappedKey(store, guessedKeyId);
  guessedKey?.catch(() => undefined); // awaited below, or deliberately dropped when the seal is refused
  const seal = await findByIdRaw<SealState>(store.seals, sealId, STATE_FIELDS);
  if (!seal) throw new SealError('NOT_FOUND', 'no such seal', { details: { sealId } });
  if (seal.status === 'REVOKED') throw new SealError('SEAL_REVOKED', 'the seal is revoked', { details: { sealId } });
  if (seal.status === 'EXPIRED' || (seal.certificate && Date.parse(seal.certificate.notAfter) < now.getTime())) {
    throw new SealError('SEAL_EXPIRED', 'the seal has expired', { details: { sealId } });
  }
  if (seal.status !== 'ACTIVE') throw new SealError('SEAL_NOT_ACTIVE', `the seal is ${seal.status}, not ACTIVE`, { details: { sealId, status: seal.status } });
  if (!seal.sesealSm3 || !seal.keyId || !seal.certificate) throw new SealError('SEAL_NOT_ACTIVE', 'the seal has no complete seal data', { details: { sealId } });

  const cacheKey = `${sealId}:${seal.sesealSm3}:${seal.keyId}:${seal.certificate.serial}`;
  const [material, actingPersonIds, key] = await Promise.all([
    cache?.get(cacheKey) ?? loadMaterial(store, seal, seal.certificate.serial),
    actingPeople(store, seal),
    guessedKey !== undefined && guessedKeyId === seal.keyId ? guessedKey : readWrappedKey(store, seal.keyId),
  ]);
  if (!key) throw new SealError('INTERNAL', 'the seal key is missing', { details: { sealId } });
  cache?.put(cacheKey, material);
  cache?.rememberKeyId(sealId, seal.keyId);
  return {
    sealId: seal._id,
    unitId: seal.unitId,
    kind: seal.kind,
    needsApproval: requiresUseApproval(seal.kind),
    keyId: seal.keyId,
    actingPersonIds,
    displayName: seal.displayName,
    wrappedKey: storedBytes(key.wrapped),
    ...material,
  };
}

function readWrappedKey(store: Store, keyId: string): Promise<{ wrapped: unknown } | null> {
  return findByIdRaw<{ wrapped: unknown }>(store.sealKeys, keyId, { wrapped: 1 });
}

/** Read once per seal data issue (see SealMaterialCache): the seal data by the hash the seal names. */
async function loadMaterial(store: Store, seal: SealState, serial: string): Promise<Material> {
  const [sealData, certificate] = await Promise.all([readSealData(store, seal), store.certificates.findById(serial).lean()]);
  if (!sealData || !seal.imprintWidthMm || !seal.imprintHeightMm) {
    throw new SealError('SEAL_NOT_ACTIVE', 'the seal has no complete seal data', { details: { sealId: seal._id } });
  }
  if (!certificate) throw new SealError('INTERNAL', 'the seal certificate is missing', { details: { sealId: seal._id } });
  return {
    sealCode: decodeSeal(sealData.seseal).sealInfo.esID,
    seseal: sealData.seseal,
    certificateDer: storedBytes(certificate.der),
    imprint: { png: sealData.imprintPng, widthMm: seal.imprintWidthMm, heightMm: seal.imprintHeightMm },
  };
}

async function actingPeople(store: Store, seal: SealState): Promise<string[]> {
  if (!requiresUseApproval(seal.kind)) return seal.holderPersonId ? [seal.holderPersonId] : [];
  // Custody periods that have not ended; `to: null` also matches a missing field.
  const current = await store.custodians.find({ sealId: seal._id, to: null }, { personId: 1 }).lean<Array<{ personId: string }>>();
  const people = new Set(current.map((c) => c.personId));
  if (seal.custodianId?.startsWith('person_')) people.add(seal.custodianId);
  return [...people];
}
