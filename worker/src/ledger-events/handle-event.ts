import { buildBatch } from '../anchor/anchor-batch';
import { batchEvidence, sealEventEvidence } from '../relay/evidence';
import { BATCH_EVENT_NAME, SEAL_EVENT_NAMES, batchEventFacts, sealEventFacts } from './event-payloads';
import type { ChainEvent, LedgerEventPorts } from './ports';

/** What handling one event did; every outcome is final for that event (the checkpoint moves past it). */
export type EventOutcome =
  | { kind: 'filing-jobs'; sealId: string; queued: number }
  | { kind: 'batch-stored'; batchId: string; records: number }
  | { kind: 'batch-already-stored'; batchId: string }
  /** The pinned records do not rebuild the anchored root: the anchor job owns that batch, not us. */
  | { kind: 'batch-mismatch'; batchId: string }
  | { kind: 'ignored'; reason: string };

type Ports = Pick<LedgerEventPorts, 'filings' | 'batches' | 'relay'>;

/**
 * Reacts to one chaincode event. Every branch is safe to repeat, because a crash between handling
 * and storing the checkpoint delivers the same event again after a restart. Port failures throw (the
 * consumer retries from the checkpoint); a payload that does not parse is ignored, since retrying
 * cannot fix ledger bytes.
 */
export async function handleLedgerEvent(ports: Ports, event: ChainEvent): Promise<EventOutcome> {
  if ((SEAL_EVENT_NAMES as readonly string[]).includes(event.name)) {
    const facts = sealEventFacts(event.payload);
    if (facts === undefined) return { kind: 'ignored', reason: `malformed ${event.name} payload` };
    // Every lifecycle event goes to the court chains too; relaying is keyed by the transaction, so a repeat is a no-op.
    const evidence = sealEventEvidence({
      event: event.name,
      sealId: facts.sealId,
      transactionId: event.transactionId,
      payload: event.payload,
    });
    if (ports.relay && evidence) await ports.relay.relay(evidence);
    // The seal's filing reference was stored before the ledger op ran, so it exists by now; the
    // same job id as the direct path makes an already-queued job absorb this one.
    return { kind: 'filing-jobs', sealId: facts.sealId, queued: await ports.filings.ensureFilingJobs(facts.sealId) };
  }
  if (event.name === BATCH_EVENT_NAME) return storeAnchoredBatch(ports, event);
  return { kind: 'ignored', reason: `no handler for ${event.name}` };
}

async function storeAnchoredBatch(ports: Ports, event: ChainEvent): Promise<EventOutcome> {
  const facts = batchEventFacts(event.payload);
  if (facts === undefined) return { kind: 'ignored', reason: 'malformed BatchAnchored payload' };
  const members = await ports.batches.batchMembers(facts.batchId);
  if (members.length === 0) return { kind: 'ignored', reason: 'no records of this service in the batch' };
  // Relayed from the ledger's own event, whichever run stored the proofs: the batch is on our ledger either way.
  if (ports.relay) {
    await ports.relay.relay(
      batchEvidence({
        batchId: facts.batchId,
        root: facts.root,
        entryCount: facts.entryCount,
        transactionId: event.transactionId,
        at: facts.at,
      }),
    );
  }
  if (members.every((m) => m.anchored)) return { kind: 'batch-already-stored', batchId: facts.batchId };
  // Proofs are only stored when the records rebuild exactly what the ledger anchored: a record
  // released or rejected since pinning would yield proofs against a root nobody committed.
  const batch = buildBatch(members);
  if (batch.batchId !== facts.batchId || batch.root !== facts.root || batch.entries.length !== facts.entryCount) {
    return { kind: 'batch-mismatch', batchId: facts.batchId };
  }
  await ports.batches.markAnchored(
    { batchId: batch.batchId, root: batch.root, treeSize: batch.entries.length, txId: event.transactionId, anchoredAt: facts.at },
    batch.leaves,
  );
  return { kind: 'batch-stored', batchId: batch.batchId, records: members.length };
}
