import { sm3Hex } from '@eseal/core';
import type { Model, mongo } from 'mongoose';
import type { EvidenceEventListener, RelayConfirmed, SealRevoked, SignaturesAnchored } from '../events';
import { lookupKeyId, type LookupKeyDoc } from '../public-lookup';
import { findByIdRaw } from '../store/ferretdb';
import { signaturesOf, type ReadSigningRecords, type SigningRecordDoc } from '../store/signing';
import type { WebhookDeliveryDoc, WebhookEventType, WebhookSubscriptionDoc } from './webhook.model';
import type { WebhookQueuePort } from './webhook-queue';

/** One event for one unit's subscribers. `id` is stable per fact, so publishing it again is a no-op. */
export interface WebhookEvent {
  id: string;
  type: WebhookEventType;
  unitId: string;
  data: Record<string, unknown>;
}

/** The delivery of an event to a subscription: one id for the pair, whoever publishes it and how often. */
export function deliveryIdOf(eventId: string, subscriptionId: string): string {
  return `whd_${sm3Hex(Buffer.from(`${eventId}\n${subscriptionId}`, 'utf8')).slice(0, 40)}`;
}

function onlyDuplicateKeys(error: unknown): boolean {
  const e = error as { code?: unknown; writeErrors?: Array<{ code?: unknown }> } | null;
  if (typeof e !== 'object' || e === null) return false;
  if (Array.isArray(e.writeErrors) && e.writeErrors.length > 0) return e.writeErrors.every((w) => w.code === 11000);
  return e.code === 11000;
}

export interface WebhookPublisherDeps {
  subscriptions: Model<WebhookSubscriptionDoc>;
  deliveries: Model<WebhookDeliveryDoc>;
  /** Shared with the lookup index (signingRecordsReader): an anchored batch's records are read once. */
  readRecords: ReadSigningRecords;
  lookupKeys: Pick<Model<LookupKeyDoc>, 'collection'>;
  queue: WebhookQueuePort;
  clock: () => Date;
}

/**
 * Turns stored facts into deliveries: one unique insert per (event, subscription), then one job each
 * (job id = delivery id). Listens to the event hub for anchored signatures, confirmed court receipts
 * and revocations; `publish` is the entry point for features built elsewhere (certificate.ready).
 */
export class WebhookPublisher implements EvidenceEventListener {
  constructor(private readonly deps: WebhookPublisherDeps) {}

  async publish(events: readonly WebhookEvent[]): Promise<void> {
    const byUnit = new Map<string, WebhookEvent[]>();
    for (const e of events) byUnit.set(e.unitId, [...(byUnit.get(e.unitId) ?? []), e]);
    const now = this.deps.clock();
    const deliveries: WebhookDeliveryDoc[] = [];
    for (const [unitId, unitEvents] of byUnit) {
      // A unit has a handful of subscriptions; FerretDB scans them, MongoDB uses the index.
      const subscriptions = await this.deps.subscriptions.find({ unitId, active: true }).lean<WebhookSubscriptionDoc[]>();
      for (const event of unitEvents) {
        const body = JSON.stringify({ id: event.id, type: event.type, createdAt: now.toISOString(), data: event.data });
        for (const s of subscriptions.filter((s) => s.events.includes(event.type))) {
          deliveries.push({
            _id: deliveryIdOf(event.id, s._id),
            subscriptionId: s._id,
            unitId,
            eventId: event.id,
            event: event.type,
            body,
            state: 'PENDING',
            attempts: [],
            createdAt: now,
            updatedAt: now,
          });
        }
      }
    }
    if (deliveries.length === 0) return;
    try {
      await (this.deps.deliveries.collection as unknown as mongo.Collection<WebhookDeliveryDoc>).insertMany(deliveries, { ordered: false });
    } catch (error) {
      if (!onlyDuplicateKeys(error)) throw error;
    }
    // Queued even when the delivery existed: its job may have been lost in a crash; a live one absorbs the repeat.
    await this.deps.queue.enqueue(deliveries.map((d) => d._id));
  }

  async signaturesAnchored(event: SignaturesAnchored): Promise<void> {
    const records = await signaturesOf(event, this.deps.readRecords);
    await this.publish(
      records.map((r) => ({
        id: `signature.anchored:${r._id}`,
        type: 'signature.anchored',
        unitId: r.unitId,
        data: {
          recordId: r._id,
          sealId: r.sealId,
          sealCode: r.sealCode,
          documentSm3: r.documentSm3After,
          signedAt: new Date(r.signedAt).toISOString(),
          ledgerTxId: event.txId,
          merkleRoot: event.root,
          anchoredAt: new Date(event.anchoredAt).toISOString(),
        },
      })),
    );
  }

  /** A batch's court receipt concerns each signature in it: one event per signature, to its unit. */
  async relayConfirmed(event: RelayConfirmed): Promise<void> {
    if (event.subject.kind !== 'BATCH') return;
    const tx = await findByIdRaw<LookupKeyDoc>(this.deps.lookupKeys as never, lookupKeyId('tx', event.sourceTxId));
    // The index carries each signature's unit and document; a key written before it did falls back to the records.
    const members =
      tx?.members ??
      (await this.records(tx?.recordIds ?? [])).map((r) => ({ recordId: r._id, unitId: r.unitId, documentSm3: r.documentSm3After }));
    await this.publish(
      members.map((m) => ({
        id: `signature.relayed:${m.recordId}@${event.adapterId}`,
        type: 'signature.relayed',
        unitId: m.unitId,
        data: {
          recordId: m.recordId,
          documentSm3: m.documentSm3,
          ledgerTxId: event.sourceTxId,
          courtChain: event.adapterId,
          evidenceNumber: event.receipt.evidenceNumber,
          courtTxHash: event.receipt.txHash,
          courtBlockHeight: event.receipt.blockHeight,
          recordedAt: event.receipt.recordedAt,
        },
      })),
    );
  }

  async sealRevoked(event: SealRevoked): Promise<void> {
    await this.publish([
      {
        id: `seal.revoked:${event.sealId}`,
        type: 'seal.revoked',
        unitId: event.unitId,
        data: { sealId: event.sealId, sealCode: event.sealCode, reason: event.reason, revokedAt: event.revokedAt.toISOString() },
      },
    ]);
  }

  private records(ids: readonly string[]): Promise<SigningRecordDoc[]> {
    return this.deps.readRecords(ids);
  }
}

/** What the evidence-certificate job calls when a certificate is stored. */
export type CertificateReadyPublisher = (certificate: {
  certificateNumber: string;
  unitId: string;
  data: Record<string, unknown>;
}) => Promise<void>;

export function certificateReadyPublisher(publisher: Pick<WebhookPublisher, 'publish'>): CertificateReadyPublisher {
  return (c) =>
    publisher.publish([
      {
        id: `certificate.ready:${c.certificateNumber}`,
        type: 'certificate.ready',
        unitId: c.unitId,
        data: { certificateNumber: c.certificateNumber, ...c.data },
      },
    ]);
}

/** What the archive job calls when a package is stored. */
export type ArchiveReadyPublisher = (archive: { archiveId: string; unitId: string; data: Record<string, unknown> }) => Promise<void>;

export function archiveReadyPublisher(publisher: Pick<WebhookPublisher, 'publish'>): ArchiveReadyPublisher {
  return (a) =>
    publisher.publish([
      {
        id: `archive.ready:${a.archiveId}`,
        type: 'archive.ready',
        unitId: a.unitId,
        data: { archiveId: a.archiveId, documentSm3: a.archiveId, ...a.data },
      },
    ]);
}
