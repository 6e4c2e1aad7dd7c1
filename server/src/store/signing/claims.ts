import type { Model } from 'mongoose';
import type { SigningClaimDoc } from './signing-claim.model';

/** Duplicate key on a unique index (E11000). */
function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/** Takes the claim named `id` for `holder`; false when someone already holds it. Atomic on FerretDB v1 too. */
export async function takeClaim(claims: Model<SigningClaimDoc>, id: string, holder: string, at: Date): Promise<boolean> {
  try {
    await claims.create({ _id: id, holder, at });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
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
