import type { Model } from 'mongoose';
import { insertOnce } from '../ferretdb';
import type { SigningClaimDoc } from './signing-claim.model';

/** Takes the claim named `id` for `holder`; false when someone already holds it. Atomic on FerretDB v1 too. */
export async function takeClaim(claims: Model<SigningClaimDoc>, id: string, holder: string, at: Date): Promise<boolean> {
  return (await insertOnce(claims, { _id: id, holder, at })) !== undefined;
}

/** Gives a claim back, only if `holder` holds it. */
export async function releaseClaim(claims: Model<SigningClaimDoc>, id: string, holder: string): Promise<void> {
  await claims.deleteOne({ _id: id, holder });
}
