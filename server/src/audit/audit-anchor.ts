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
 * The ledger is the intended sink (chaincode `AnchorAudit`); the process log is the fallback.
 */
export interface AuditAnchorSink {
  readonly name: string;
  publish(checkpoint: AuditCheckpoint): Promise<{ transactionId?: string }>;
  /**
   * The last checkpoint the sink holds, when it can tell. The next checkpoint starts after it: the ledger
   * refuses gaps and overlaps, and the local anchor collection can lag it (a crash between publishing
   * and recording), so the sink, not the collection, decides where the next range begins.
   */
  latest?(): Promise<(AuditCheckpoint & { transactionId?: string }) | undefined>;
}

/** The ledger port the sink and the verifier need; a LedgerClient satisfies it. */
export interface AuditAnchorLedger {
  anchorAudit(checkpoint: AuditCheckpoint): Promise<{ transactionId: string }>;
  getAuditAnchors(
    query: { latest: number } | { fromSeq: number; limit?: number },
  ): Promise<{ anchors: Array<AuditCheckpoint & { txId: string }>; next?: number }>;
}

export function ledgerAnchorSink(ledger: AuditAnchorLedger): AuditAnchorSink {
  return {
    name: 'ledger',
    publish: (checkpoint) => ledger.anchorAudit(checkpoint),
    async latest() {
      const [last] = (await ledger.getAuditAnchors({ latest: 1 })).anchors;
      return last && { fromSeq: last.fromSeq, toSeq: last.toSeq, headHash: last.headHash, at: last.at, transactionId: last.txId };
    },
  };
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
    const recorded = await this.anchors.findOne({}).sort({ toSeq: -1 }).lean<AuditAnchorDoc>();
    // A sink that knows its last checkpoint decides (after a switch from the log sink, the ledger starts at 1).
    const published = this.sink.latest ? await this.sink.latest() : undefined;
    if (published && published.toSeq > (recorded?.toSeq ?? 0)) await this.record(published, published.transactionId);
    const lastToSeq = this.sink.latest ? (published?.toSeq ?? 0) : (recorded?.toSeq ?? 0);
    if (head.seq === 0 || lastToSeq >= head.seq) return undefined;
    const checkpoint: AuditCheckpoint = { fromSeq: lastToSeq + 1, toSeq: head.seq, headHash: head.hash, at: this.now().toISOString() };
    const { transactionId } = await this.sink.publish(checkpoint);
    return this.record(checkpoint, transactionId);
  }

  private async record(checkpoint: AuditCheckpoint, transactionId: string | undefined): Promise<AuditAnchorDoc> {
    const doc: AuditAnchorDoc = {
      _id: `anchor-${checkpoint.toSeq}`,
      fromSeq: checkpoint.fromSeq,
      toSeq: checkpoint.toSeq,
      headHash: checkpoint.headHash,
      at: checkpoint.at,
      sink: this.sink.name,
      ...(transactionId === undefined ? {} : { transactionId }),
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
