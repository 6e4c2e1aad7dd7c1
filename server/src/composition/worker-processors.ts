import { anchorProcessor, filingProcessor, type ProcessorFactory } from '@eseal/worker';
import type { Services } from './create-services';

/**
 * The worker's processors that run on the server's stores and ledger: filing to public security and
 * anchoring signing records. The relay's processors come from its own wiring (relay-wiring.ts).
 */
export function serviceProcessors(services: Services): ProcessorFactory[] {
  const metrics = services.deps.metrics;
  return [
    filingProcessor(services.filingPorts),
    anchorProcessor(services.signing.anchorPorts, { onRun: (run) => metrics?.anchoredSignatures.inc(run.anchored) }),
  ];
}
