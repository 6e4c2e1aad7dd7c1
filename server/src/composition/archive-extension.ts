import { archiveRoutes } from '../api/archive/archive-routes';
import { evidenceReadModel } from '../court';
import { relaysOfBatchReader } from './relay-reader';
import type { ServerExtension, ServerInfra } from '../start-server';
import { ArchiveStore } from '../store/archive';
import { produceArchive, type ArchiveDeps, type ArchiveOutcome, type ArchiveQueuePort } from '../usecases/archive';
import { verifyUploadedDocument } from '../usecases/signing/verify-document';
import type { Services } from './create-services';

/** What the worker's archive processor is bound to (worker/src/archive/ports.ts restates it). */
export interface ArchiveProducer {
  produce(archiveId: string): Promise<ArchiveOutcome>;
  recordFailure(archiveId: string, reason: string, final: boolean): Promise<void>;
}

export interface ArchiveExtensionOptions {
  /** The lifecycle's services (built by the lifecycle extension before this one). */
  services(): Services | undefined;
  queue: ArchiveQueuePort;
  /** The court chains relays go to: their answers complete a document's evidence. */
  courtChains: readonly string[];
  /** Hands the producer (for the worker) to the launcher. */
  onReady?(archives: { producer: ArchiveProducer; store: ArchiveStore; deps: ArchiveDeps }): void;
}

/** Plugs archiving into `startServer({ extend })`: its collections, routes, and the worker's producer. */
export function archiveServerExtension(options: ArchiveExtensionOptions): (infra: ServerInfra) => Promise<ServerExtension> {
  return async (infra) => {
    const services = options.services();
    if (!services) throw new Error('the archive extension needs the lifecycle extension before it');
    const archives = ArchiveStore.of(infra.mongo);
    await archives.ensureCollections();
    const relaysOfBatch = relaysOfBatchReader(infra.mongo);
    const signingDeps = services.signing.deps;
    const { serviceSeal, attestor } = services.evidence;
    const deps: ArchiveDeps = {
      store: services.store,
      signing: signingDeps.signing,
      archives,
      relaysOf: ({ batchId }) => relaysOfBatch(batchId),
      courtChains: options.courtChains,
      ...(attestor ? { attestor } : {}),
      ca: services.deps.certificates.ca,
      serviceSeal,
      // The same verification as POST /verify, without counting it among the callers' verifications.
      verify: (document) => verifyUploadedDocument({ ...signingDeps, metrics: undefined }, document),
      queue: options.queue,
      clock: services.deps.clock,
    };
    const producer: ArchiveProducer = {
      produce: (archiveId) => produceArchive(deps, archiveId),
      recordFailure: (archiveId, reason, final) => archives.recordFailure(archiveId, reason, final),
    };
    options.onReady?.({ producer, store: archives, deps });
    return { apiModules: [archiveRoutes({ ...deps, reads: evidenceReadModel(infra.mongo) })] };
  };
}
