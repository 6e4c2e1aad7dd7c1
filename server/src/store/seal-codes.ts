import type { Store } from './store';
import { isDuplicateKeyError } from './ferretdb';
import type { SealCodeDoc } from './seal-code.model';

/**
 * Claims `code` for `sealId`. True when the code is now (or already was) this seal's, false when
 * another seal holds it. Repeating a claim is harmless, so a retried make or submission may call it again.
 */
export async function claimSealCode(store: Pick<Store, 'sealCodes'>, code: string, sealId: string): Promise<boolean> {
  try {
    await store.sealCodes.create({ _id: code, sealId });
    return true;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const holder = await store.sealCodes.findById(code).lean<SealCodeDoc>();
    return holder?.sealId === sealId;
  }
}

/** Gives the code back (a rejected application never reached the ledger); only the seal that holds it can. */
export async function releaseSealCode(store: Pick<Store, 'sealCodes'>, code: string, sealId: string): Promise<void> {
  await store.sealCodes.deleteOne({ _id: code, sealId });
}

/**
 * Our seal id for a ledger seal key (a GB/T 38540 esID): the seal holding that code, or the key itself
 * for seals made before esID was the code (their esID and ledger key are the internal id).
 */
export async function sealIdForEsId(store: Pick<Store, 'sealCodes'>, esId: string): Promise<string> {
  const claim = await store.sealCodes.findById(esId).lean<SealCodeDoc>();
  return claim?.sealId ?? esId;
}

/** Like sealIdForEsId, but undefined when this store holds no seal by that esID (a seal of another service). */
export async function findSealIdByEsId(store: Pick<Store, 'sealCodes' | 'seals'>, esId: string): Promise<string | undefined> {
  const sealId = await sealIdForEsId(store, esId);
  return (await store.seals.byId(sealId)) ? sealId : undefined;
}
