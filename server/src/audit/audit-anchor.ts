import type { Model } from 'mongoose';
import type { Logger } from '../observability/logger';
import type { AuditLog } from './audit-log';
import type { AuditAnchorDoc } from './audit.model';

/** What an anchor publishes: a range of the chain and the hash of its last entry. */
export interface AuditCheckpoint {
  fromSeq: number;
  toSeq: number;
  headHash: string;
  at: string;
}

/**
 * Where checkpoints are published, outside the database an attacker with write access could edit.
 * The ledger is the intended sink: it needs a chaincode transaction `AnchorAudit(checkpoint)` (none
 * exists yet; AnchorBatch is for signatures and checks seal status, so it does not fit).
 */
export interface AuditAnchorSink {
  readonly name: string;
  publish(checkpoint: AuditCheckpoint): Promise<{ transactionId?: string }>;
}

/** The ledger port the sink needs; a LedgerClient satisfies it once the chaincode has AnchorAudit. */
export interface AuditAnchorLedger {
  anchorAudit(checkpoint: AuditCheckpoint): Promise<{ transactionId: string }>;
}

export function ledgerAnchorSink(ledger: AuditAnchorLedger): AuditAnchorSink {
  return { name: 'ledger', publish: (checkpoint) => ledger.anchorAudit(checkpoint) };
}

/**
 * Interim sink: the checkpoint goes to the process log at warn level, which the log shipper copies off
 * the machine. Weaker than the ledger (the copy is only as safe as the log store), but it still makes
 * a rewrite of already-shipped history detectable.
 */
export function logAnchorSink(logger: Logger): AuditAnchorSink {
  return {
    name: 'log',
    async publish(checkpoint) {
      logger.warn({ auditCheckpoint: checkpoint }, 'audit chain checkpoint');
      return {};
    },
  };
}

/** Publishes a checkpoint of everything appended since the last one; idempotent when nothing is new. */
export class AuditAnchorer {
  constructor(
    private readonly log: AuditLog,
    private readonly anchors: Model<AuditAnchorDoc>,
    private readonly sink: AuditAnchorSink,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async anchor(): Promise<AuditAnchorDoc | undefined> {
    await this.log.flush();
    const head = await this.log.head();
    const last = await this.anchors.findOne({}).sort({ toSeq: -1 }).lean<AuditAnchorDoc>();
    if (head.seq === 0 || (last && last.toSeq >= head.seq)) return undefined;
    const checkpoint: AuditCheckpoint = { fromSeq: (last?.toSeq ?? 0) + 1, toSeq: head.seq, headHash: head.hash, at: this.now().toISOString() };
    const published = await this.sink.publish(checkpoint);
    const doc: AuditAnchorDoc = {
      _id: `anchor-${checkpoint.toSeq}`, ...checkpoint, sink: this.sink.name,
      ...(published.transactionId === undefined ? {} : { transactionId: published.transactionId }),
    };
    try {
      await this.anchors.create(doc);
    } catch (error) {
      // Another server anchored the same position at the same moment: its record is as good as ours.
      if ((error as { code?: unknown }).code !== 11000) throw error;
    }
    return doc;
  }

  /** Anchors every `intervalMs` (and once at once); returns a stop function. Failures are logged, never thrown. */
  startTimer(intervalMs: number, logger: Logger): () => void {
    const tick = () => this.anchor().catch((error) => logger.error({ err: error }, 'audit anchoring failed'));
    const timer = setInterval(tick, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
