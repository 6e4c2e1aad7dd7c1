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

/** Who holds a claim (undefined when nobody does): one `_id` read. */
export async function claimHolder(claims: Model<SigningClaimDoc>, id: string): Promise<string | undefined> {
  const claim = await claims.findById(id).lean();
  return claim?.holder;
}
