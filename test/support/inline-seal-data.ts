import type { Store } from '../../server/src/store';

/**
 * TEST-ONLY: puts a seal in the layout of a data directory written before seal_artifacts existed:
 * the SESeal and imprint inline in the seal document, no artifact. Raw collection writes, because
 * the seal model no longer knows these fields.
 */
export async function moveSealDataInline(store: Store, sealId: string): Promise<void> {
  const seal = await store.models.seals.collection.findOne({ _id: sealId as never }, { projection: { sesealSm3: 1 } });
  const artifact = await store.models.sealArtifacts.collection.findOne({ _id: seal?.sesealSm3 as never });
  if (!artifact) throw new Error(`seal ${sealId} has no seal artifact to move inline`);
  await store.models.seals.collection.updateOne(
    { _id: sealId as never },
    { $set: { seseal: artifact.seseal, imprintPng: artifact.imprintPng } },
  );
  await store.models.sealArtifacts.collection.deleteOne({ _id: artifact._id });
}
