/**
 * TEST-ONLY: which ledger a shared scenario runs on. The embedded back-end is the normal suite's;
 * test/fabric/fabric-backend.ts gives the same scenarios the real network.
 */
import type { ServicesOptions } from '../../../server/src/composition';
import type { LedgerClient } from '../../../server/src/ledger';
import type { Harness } from './harness';

export interface LedgerBackend {
  readonly name: string;
  /** Options for startHarness: the ledger the API, the worker ports and the consumer use. */
  services(): ServicesOptions;
  /**
   * A read-only view for checking what was committed. On Fabric it is another organisation's peer
   * (the court's), so the check reads the channel's copy rather than the writer's own answer.
   */
  reader(h: Harness): { client: LedgerClient; close(): Promise<void> };
}

/** The harness default: an embedded ledger in the suite's temp folder. */
export const embeddedBackend: LedgerBackend = {
  name: 'embedded ledger',
  services: () => ({}),
  reader: (h) => ({ client: h.services.ledger, close: async () => undefined }),
};
