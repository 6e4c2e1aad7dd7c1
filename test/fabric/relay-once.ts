import { SILENT_RELAY_OBSERVER, processRelay, relayIdFor, submissionFor, type CourtChainAdapter, type EvidenceItem } from '@eseal/worker';
import type { MongoRelayStore } from '../../server/src/relay';

/**
 * Stores the relay of `item` to `through` and runs it once, as the relay worker would: its outcome (the
 * error, when it failed) and the relay as then stored.
 */
export async function relayOnce(store: MongoRelayStore, item: EvidenceItem, through: CourtChainAdapter) {
  const relayId = relayIdFor(item.evidenceId, through.id);
  await store.create({
    relayId,
    adapterId: through.id,
    subject: item.subject,
    evidence: submissionFor(item, through.digestAlgorithm),
    createdAt: new Date(),
  });
  const outcome = await processRelay(
    { store, adapters: new Map([[through.id, through]]), observer: SILENT_RELAY_OBSERVER },
    relayId,
    false,
  ).catch((error: Error) => error);
  return { outcome, record: (await store.load(relayId))! };
}
