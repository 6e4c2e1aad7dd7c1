/**
 * What the archive job needs from outside: the server's producer (evidence, verification, packaging,
 * storage), restated here because the worker never imports the server;
 * server/src/composition/archive-wiring.ts type-checks that the two fit.
 */
export type ProducedArchive =
  | { outcome: 'PACKAGED' | 'ALREADY_PACKAGED'; archiveId: string; unitId: string; packageSm3: string }
  | { outcome: 'MISSING'; archiveId: string };

export interface ArchiveProducerPort {
  /** Idempotent: packages the document once its evidence is complete, or finds it packaged. Throws to be retried. */
  produce(archiveId: string): Promise<ProducedArchive>;
  /** For operators; `final` marks the archive FAILED (no attempts left). */
  recordFailure(archiveId: string, reason: string, final: boolean): Promise<void>;
}

/** A package that became downloadable; webhooks ("archive.ready") are wired to this. */
export interface ArchiveReady {
  readonly archiveId: string;
  readonly unitId: string;
  readonly packageSm3: string;
}

export interface ArchivePorts {
  readonly producer: ArchiveProducerPort;
  /**
   * Called once per job that made the package (not for a repeat that found it). A hook that throws
   * fails the job, which runs again, finds the package and calls it again: at least once.
   */
  onArchiveReady?(ready: ArchiveReady): Promise<void> | void;
}
