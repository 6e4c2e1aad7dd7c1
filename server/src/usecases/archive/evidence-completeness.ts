import { SealError } from '@eseal/core';
import type { RelayDoc } from '../../relay';
import { readAnchorStatus } from '../../store/signing';
import type { ArchiveDeps } from './archive-deps';

/** Relay states after which a court chain will say nothing more about the evidence. */
const RELAY_FINAL: ReadonlySet<RelayDoc['state']> = new Set(['CONFIRMED', 'REJECTED', 'DEAD']);

/**
 * A document's evidence is complete when every signature is anchored on the ledger and every
 * configured court chain has answered for each anchored batch (its relay CONFIRMED, or ended REJECTED
 * or DEAD: nothing more will come). Time-stamp tokens need no wait: they are inside the signatures.
 * Throws ARCHIVE_EVIDENCE_INCOMPLETE saying what is missing (the job retries); returns the relays.
 */
export async function completeEvidence(
  deps: Pick<ArchiveDeps, 'signing' | 'relaysOf' | 'courtChains'>,
  recordIds: readonly string[],
): Promise<RelayDoc[]> {
  const anchors = await readAnchorStatus(deps.signing, recordIds);
  const batches = new Set<string>();
  for (const id of recordIds) {
    const anchor = anchors.get(id);
    if (anchor?.state !== 'ANCHORED' || anchor.batchId === undefined) {
      throw new SealError('ARCHIVE_EVIDENCE_INCOMPLETE', `signature ${id} is not anchored yet (${anchor?.state ?? 'unknown'})`, {
        details: { recordId: id },
      });
    }
    batches.add(anchor.batchId);
  }
  const relays: RelayDoc[] = [];
  for (const batchId of batches) {
    const ofBatch = await deps.relaysOf({ batchId });
    for (const chain of deps.courtChains) {
      const relay = ofBatch.find((r) => r.adapterId === chain);
      if (relay === undefined || !RELAY_FINAL.has(relay.state)) {
        throw new SealError('ARCHIVE_EVIDENCE_INCOMPLETE', `court chain ${chain} has not answered for batch ${batchId} yet`, {
          details: { courtChain: chain, batchId, state: relay?.state ?? 'NOT_RELAYED' },
        });
      }
    }
    relays.push(...ofBatch);
  }
  return relays;
}
