import type { Connection } from 'mongoose';
import { RelayFacts, relayModel, type RelayDoc } from '../relay';

/**
 * The court-chain relays of a batch or of a seal as they stand, for evidence (proof bundles,
 * certificates, court reads, archives): the records, then each one's receipt and confirmation facts.
 * The relay store's indexes on subject.batchId and subject.sealId serve the first read.
 */
export function relayReader(mongo: Connection): (subject: { batchId: string } | { sealId: string }) => Promise<RelayDoc[]> {
  const relays = relayModel(mongo);
  const facts = RelayFacts.of(mongo);
  return async (subject) =>
    facts.current(
      await relays
        .find('batchId' in subject ? { 'subject.batchId': subject.batchId } : { 'subject.sealId': subject.sealId })
        .lean<RelayDoc[]>()
        .exec(),
    );
}

/** The relays of one batch: what a proof bundle's court receipts come from. */
export function relaysOfBatchReader(mongo: Connection): (batchId: string) => Promise<RelayDoc[]> {
  const read = relayReader(mongo);
  return (batchId) => read({ batchId });
}
