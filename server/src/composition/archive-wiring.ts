/**
 * Archiving's wiring (归档): the producer queue, the server extension (collections, routes) and the
 * worker's processor, with the `onArchiveReady` hook that webhooks plug into.
 */
import { archiveProcessor, type ArchivePorts, type ArchiveProducerPort, type ProcessorFactory } from '@eseal/worker';
import { archiveServerExtension, type ArchiveProducer } from './archive-extension';
import { BullArchiveQueue } from './archive-queue';
import type { Services } from './create-services';

export interface ArchiveWiring {
  /** Added to the extensions after the lifecycle extension. */
  readonly extension: ReturnType<typeof archiveServerExtension>;
  /** The worker's archive processor; call after startServer. */
  processors(): ProcessorFactory[];
  close(): Promise<void>;
}

export function wireArchives(input: {
  redisUrl: string;
  queuePrefix: string;
  services: () => Services | undefined;
  courtChains: readonly string[];
  onArchiveReady?: ArchivePorts['onArchiveReady'];
}): ArchiveWiring {
  const queue = new BullArchiveQueue({ redisUrl: input.redisUrl, prefix: input.queuePrefix });
  let producer: ArchiveProducer | undefined;
  const built = () => {
    if (!producer) throw new Error('the archive extension has not started');
    return producer;
  };
  return {
    extension: archiveServerExtension({
      services: input.services,
      queue,
      courtChains: input.courtChains,
      onReady: (ready) => (producer = ready.producer),
    }),
    processors: () => [
      archiveProcessor({
        // The server's producer restates the worker's port (neither imports the other); they meet here.
        producer: built() satisfies ArchiveProducerPort,
        ...(input.onArchiveReady ? { onArchiveReady: input.onArchiveReady } : {}),
      }),
    ],
    close: () => queue.close(),
  };
}
