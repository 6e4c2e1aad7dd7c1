/**
 * Evidence certificates' wiring: the producer queue, the server extension (collections, routes) and
 * the worker's processor, with the `onCertificateReady` hook that webhooks plug into.
 */
import type { EvidenceCertificateStore } from '../store/evidence';
import { certificateServerExtension, type CertificateProducer } from './certificate-extension';
import { BullCertificateQueue } from './certificate-queue';
import type { Services } from './create-services';
import { certificateProcessor, type CertificatePorts, type CertificateProducerPort, type ProcessorFactory } from '@eseal/worker';

export interface CertificateWiring {
  /** Added to the extensions after the lifecycle extension. */
  readonly extension: ReturnType<typeof certificateServerExtension>;
  /** The worker's certificate processor; call after startServer. */
  processors(): ProcessorFactory[];
  /** The store behind the public lookup (`findCertificateForLookup`); after startServer. */
  store(): EvidenceCertificateStore;
  close(): Promise<void>;
}

export function wireCertificates(input: {
  env: NodeJS.ProcessEnv;
  redisUrl: string;
  queuePrefix: string;
  services: () => Services | undefined;
  onCertificateReady?: CertificatePorts['onCertificateReady'];
}): CertificateWiring {
  const queue = new BullCertificateQueue({ redisUrl: input.redisUrl, prefix: input.queuePrefix });
  let ready: { producer: CertificateProducer; store: EvidenceCertificateStore } | undefined;
  const built = () => {
    if (!ready) throw new Error('the certificate extension has not started');
    return ready;
  };
  return {
    extension: certificateServerExtension({ services: input.services, queue, env: input.env, onReady: (c) => (ready = c) }),
    processors: () => [
      certificateProcessor({
        // The server's producer restates the worker's port (neither imports the other); they meet here.
        producer: built().producer satisfies CertificateProducerPort,
        ...(input.onCertificateReady ? { onCertificateReady: input.onCertificateReady } : {}),
      }),
    ],
    store: () => built().store,
    close: () => queue.close(),
  };
}
